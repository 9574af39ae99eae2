# ARES Interview Coach: the app image for self-hosting (see docs/deploy.md and compose.yaml).
#
# NOT built in CI: the development machines have no Docker engine. What CI checks
# (tests/deploy/test_deploy_config.py) is that this file stays consistent with what the
# tests run: the same `streamlit run` command, setting names that exist, the same lock file.
FROM python:3.11-slim

# MediaPipe's native library links libEGL and libGLESv2. OpenCV is the headless build
# (uv.lock drops the GUI builds), so libGL and GLib are not needed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libegl1 libgles2 \
    && rm -rf /var/lib/apt/lists/*

# uv, pinned to the version that wrote uv.lock
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /usr/local/bin/

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1

WORKDIR /app
# Dependencies first (a cached layer that changes only with the lock file), then the code.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev

# A non-root user owns only its data directory and the recordings mount point.
RUN useradd --create-home --uid 10001 ares \
    && mkdir -p /var/lib/ares/data /var/lib/ares/media \
    && chown -R ares:ares /var/lib/ares
USER ares

# Per-instance data (model cache; SQLite and a local Chroma index only when
# DATABASE_URL / CHROMA_HOST are unset). Recordings: mount a shared volume at ARES_MEDIA_DIR.
# Real accounts unless the operator asks for the public demo (ARES_DEMO_MODE=true).
ENV ARES_DATA_DIR=/var/lib/ares/data \
    ARES_MEDIA_DIR=/var/lib/ares/media \
    ARES_DEMO_MODE=false \
    ANONYMIZED_TELEMETRY=False

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# .streamlit/config.toml (copied with the code) sets the rest: XSRF protection, fast
# reruns, no error details for users, upload limit, no usage statistics.
CMD ["python", "-m", "streamlit", "run", "Home.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", "--browser.gatherUsageStats", "false"]

"""Settings: account, how the app is configured (no secrets), your data."""

import streamlit as st

from core.config import describe_settings
from ui.auth import render_change_password, require_user
from ui.context import app_settings, tr
from ui.safe import inert

user = require_user()
settings = app_settings()
st.title(tr("settings.title"))

st.subheader(tr("settings.account"))
st.write(f"**{inert(user.username)}** · {inert(user.email) or '—'} · {tr('auth.role_' + user.role)}")
render_change_password(user)

st.subheader(tr("settings.system"))
st.caption(tr("settings.system_help"))
for key, value in describe_settings(settings).items():
    st.write(f"**{tr(key)}**: `{value}`")
retention = settings.media_retention_days
st.write(f"**{tr('settings.retention')}**: "
         + (tr("settings.retention_forever") if retention <= 0 else tr("settings.retention_days", days=retention)))

st.subheader(tr("settings.your_data"))
st.caption(tr("privacy.what_we_measure"))

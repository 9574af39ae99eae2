"""ARES Interview Coach core: pure, typed domain code. Never imports Streamlit."""

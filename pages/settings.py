"""Settings: account and logins, how the app is configured (operator details to admins
only, secrets to nobody), your data."""

import streamlit as st

from core import accounts, preferences
from core.config import describe_settings
from ui.auth import render_change_password, render_session_controls, require_user
from ui.context import app_settings, db_engine, lang, tr
from ui.safe import inert
from ui.shell import page_link

user = require_user()
settings = app_settings()
st.title(tr("settings.title"))

st.subheader(tr("settings.account"))
st.write(f"**{inert(user.username)}** · {inert(user.email) or '—'} · {tr('auth.role_' + user.role)}")
if accounts.has_password_login(user):
    render_change_password(user)
elif user.expires_at is not None:  # a throw-away demo visitor
    st.caption(tr("s22.settings.guest_no_password", hours=f"{settings.demo_guest_hours:g}"))
else:
    st.caption(tr("s22.settings.demo_no_password"))
st.subheader(tr("settings.sessions"))
render_session_controls(user)

st.subheader(tr("blind.settings.title"))
blind_now = preferences.blind_check_on(db_engine(), user_id=int(user.id or 0))
blind_wanted = st.toggle(tr("blind.settings.toggle"), value=blind_now, help=tr("blind.settings.help"),
                         key="blind_check")
if blind_wanted != blind_now:
    preferences.set_preference(db_engine(), user_id=int(user.id or 0), key=preferences.BLIND_CHECK,
                               value=bool(blind_wanted))
    st.success(tr("blind.settings.saved"))

st.subheader(tr("settings.system"))
st.caption(tr("settings.system_help"))
operator = settings.is_admin(user.username)
for key, value in describe_settings(settings, operator=operator, lang=lang()).items():
    st.write(f"**{tr(key)}**: `{value}`")
retention = settings.media_retention_days
st.write(f"**{tr('settings.retention')}**: "
         + (tr("settings.retention_forever") if retention <= 0 else tr("settings.retention_days", days=retention)))
if operator:
    st.caption(tr("settings.operator_help"))

st.subheader(tr("settings.your_data"))
st.caption(tr("privacy.what_we_measure"))
# Export and account deletion live with the reports (new-user finding s22 #8): say where.
st.write(tr("s22.settings.data_where"))
page_link("pages/reports.py", label=tr("s22.settings.data_link"), icon=":material/download:")

"""The user's data out (zip of JSON + recordings) and gone (session or account, files included)."""

from core.export.account import (
    DeletionSummary,
    delete_account,
    delete_session,
    export_user_data,
    export_user_data_bytes,
    exports_dir,
)

__all__ = ["DeletionSummary", "delete_account", "delete_session", "export_user_data", "export_user_data_bytes",
           "exports_dir"]

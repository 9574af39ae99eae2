"""Profile (standardised resume) services on top of `core.db.crud` (owner: resume)."""

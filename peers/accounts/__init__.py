"""Accounts: sign-up, login, roles, email confirmation, profile, export and deletion."""

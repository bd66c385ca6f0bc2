"""Add/edit forms: one framework (form.py), one file per form."""

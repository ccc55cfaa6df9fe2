"""Catalogue, form fetch, drafts and evidence upload URLs."""

"""Thin handlers: parse, authorise, call the domain in `chalicelib`, shape the answer."""

"""Thin handlers: parse, authorise, call the domain in `chalicelib`, shape the answer. One folder per capability,
beside the card's four (forms, submit, payments, notify)."""

# Every module holding a blueprint (`bp`): app.py registers them, the package test imports each from the built
# zip, the cold-start bench times them. A new handler module is added here and nowhere else.
HANDLER_MODULES = (
    "functions.catalogue.routes",
    "functions.forms.routes",
    "functions.applications.routes",
    "functions.applications.counter",
    "functions.evidence.routes",
    "functions.submit.routes",
    "functions.submit.consumers",
    "functions.backoffice.routes",
    "functions.payments.routes",
    "functions.permits.routes",
    "functions.identity.routes",
    "functions.agencies.routes",
    "functions.notify.routes",
    "functions.notify.consumers",
    "functions.operations.routes",
    "functions.operations.jobs",
)

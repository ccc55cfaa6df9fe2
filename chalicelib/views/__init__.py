"""The read side: what the API shows, composed from the capabilities (an application with its step, its invoice and its
evidence). Imported by the handlers only; no capability imports it."""

"""Payment routes (SNAP virtual account callbacks, QRIS notifications) are added by the payments issue;
the blueprint exists so the API's shape is fixed from the start."""

from __future__ import annotations

from chalice import Blueprint

bp = Blueprint(__name__)

"""Domain errors carry an HTTP status, a stable code and a message in Bahasa Indonesia,
so every refusal tells the citizen what to fix."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldError:
    field: str | None
    message: str

    def to_dict(self) -> dict:
        return {"field": self.field, "message": self.message}


@dataclass
class PisaoError(Exception):
    status: int
    code: str
    message: str
    fields: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:  # never includes answers: messages are ours, not the citizen's data
        return f"{self.code}: {self.message}"

    def to_dict(self) -> dict:
        body: dict = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = [f.to_dict() for f in self.fields]
        return {"error": body}


def bad_request(code: str, message: str, fields: list[FieldError] | None = None) -> PisaoError:
    return PisaoError(400, code, message, fields or [])


def not_found(message: str = "Data yang Anda cari tidak ditemukan.") -> PisaoError:
    return PisaoError(404, "not_found", message)


def forbidden(message: str = "Anda tidak berhak mengakses data ini.") -> PisaoError:
    return PisaoError(403, "forbidden", message)


def unauthorized(message: str = "Silakan masuk terlebih dahulu.") -> PisaoError:
    return PisaoError(401, "unauthorized", message)


def conflict(code: str, message: str) -> PisaoError:
    return PisaoError(409, code, message)

"""Evidence the staff can trust (R9): every uploaded file is checked again after upload (size, virus scan, real
type by magic bytes, images decoded and re-encoded without metadata, PDFs parsed for active content) before it
leaves quarantine. Pure domain: the storage and the scanner come in as ports."""

from chalicelib.evidence.inspection import Accepted, allows, inspect
from chalicelib.evidence.rejections import EvidenceRejected
from chalicelib.evidence.sniff import sniff

__all__ = ["Accepted", "EvidenceRejected", "allows", "inspect", "sniff"]

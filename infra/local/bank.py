"""The RKUD bank's simulator: a test partner that calls PISAO's SNAP endpoints exactly as the bank would.

It holds the bank's keys (an RSA key pair whose public half PISAO is configured with, the client id, the
HMAC secret, the VA prefix), asks for an access token, signs every call, makes an inquiry before a payment,
retries a payment whose answer it did not get with `flagAdvise: "Y"`, pays a QRIS payload (as the acquirer,
with a payment notification), keeps its own ledger of what it credited, and writes its daily statement.

Three ways to use it:
- from tests: `Bank(keys, transport)` with any transport (HTTP, or the in-process API);
- as a command: `python -m infra.local.bank pay --va 8808...` / `statement --date 2026-12-02`;
- as a small web page in the local stack (`serve`): a demo citizen "pays" a VA number or a QRIS payload.
"""

from __future__ import annotations

import argparse
import html
import json
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.core.money import format_rupiah
from chalicelib.payments import qris, snap
from chalicelib.payments.formatting import WIB, wib_iso
from infra.local.serving import Handler, Server, exit_with_parent

# The Pemda as this bank's QRIS merchant (what the acquirer registered): Bank DKI's GUID, a merchant PAN of its
# NNS 93600111 with a Luhn check digit, its merchant id and criteria, and the NMID of the QRIS registry.
QRIS_MERCHANT = {"QrisAcquirerGuid": "ID.CO.BANKDKI.WWW", "QrisMerchantPan": "936001110000000019",
                 "QrisMerchantId": "PEMDA000000001", "QrisMerchantCriteria": "URE", "QrisNmid": "ID1026000000001"}


@dataclass(frozen=True)
class BankKeys:
    client_id: str
    client_secret: str
    private_key_pem: str
    partner_service_id: str

    @property
    def public_key_pem(self) -> str:
        key = serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)
        return key.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def parameters(self) -> dict[str, str]:
        """What PISAO is configured with for this bank (infra/overlay.yaml parameters)."""
        return {"SnapClientId": self.client_id, "SnapClientSecret": self.client_secret,
                "SnapBankPublicKey": self.public_key_pem, "SnapPartnerServiceId": self.partner_service_id,
                **QRIS_MERCHANT}

    @classmethod
    def generate(cls, partner_service_id: str = "88081") -> BankKeys:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
        return cls(f"BPD-{secrets.token_hex(4).upper()}", secrets.token_hex(32), pem, partner_service_id)

    @classmethod
    def load_or_create(cls, directory: Path) -> BankKeys:
        """Kept with the local stack's data, so the bank and PISAO agree across restarts."""
        path = directory / "bank-keys.json"
        if not path.exists():
            directory.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(asdict(cls.generate())), encoding="utf-8")
            path.chmod(0o600)
        return cls(**json.loads(path.read_text(encoding="utf-8")))


class Transport(Protocol):
    def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]: ...


class HttpTransport:
    def __init__(self, base_url: str, timeout: float = 15) -> None:
        self.base_url, self.timeout = base_url.rstrip("/"), timeout

    def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
        request = urllib.request.Request(self.base_url + path, data=body, method="POST",
                                         headers={"Content-Type": "application/json", **headers})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as err:
            try:
                return err.code, json.loads(err.read() or b"{}")
            except ValueError:
                return err.code, {}


class ReplyLost(Exception):
    """The bank sent a payment but never got the answer (a timeout): it must ask again with flagAdvise Y."""


class Bank:
    def __init__(self, keys: BankKeys, transport: Transport, ledger_path: Path | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC), retries: int = 3,
                 retry_wait: float = 0.5) -> None:
        self.keys, self.transport, self.now = keys, transport, now
        self.retries, self.retry_wait = retries, retry_wait
        self.ledger_path = ledger_path
        self.ledger: list[dict] = json.loads(ledger_path.read_text()) if ledger_path and ledger_path.exists() else []
        self._token: tuple[str, datetime] | None = None
        self._lock = threading.Lock()
        self._seq = 0

    # --- protocol ------------------------------------------------------------------------------------------
    def access_token(self) -> str:
        with self._lock:
            if self._token and self._token[1] > self.now():
                return self._token[0]
            stamp = wib_iso(self.now())
            headers = {"X-TIMESTAMP": stamp, "X-CLIENT-KEY": self.keys.client_id,
                       "X-SIGNATURE": snap.sign_asymmetric(self.keys.private_key_pem, self.keys.client_id, stamp)}
            status, body = self.transport.post("/v1.0/access-token/b2b", headers,
                                               b'{"grantType":"client_credentials"}')
            if status != 200:
                raise RuntimeError(f"access token refused: {body}")
            self._token = body["accessToken"], self.now() + timedelta(seconds=int(body["expiresIn"]) - 60)
            return self._token[0]

    def external_id(self) -> str:
        with self._lock:
            self._seq += 1
            return f"{time.time_ns()}{self._seq:04d}"[-20:]

    def signed_headers(self, path: str, body: bytes, external_id: str | None = None,
                       timestamp: str | None = None) -> dict[str, str]:
        token = self.access_token()
        stamp = timestamp or wib_iso(self.now())
        return {"Authorization": f"Bearer {token}", "X-TIMESTAMP": stamp, "X-PARTNER-ID": self.keys.client_id,
                "X-EXTERNAL-ID": external_id or self.external_id(), "CHANNEL-ID": "95231",
                "X-SIGNATURE": snap.sign_symmetric(self.keys.client_secret, "POST", path, token, body, stamp)}

    def call(self, path: str, payload: dict) -> tuple[int, dict]:
        body = json.dumps(payload, separators=(",", ":")).encode()
        return self.transport.post(path, self.signed_headers(path, body), body)

    def va_fields(self, va_number: str) -> dict:
        digits = va_number.replace(" ", "")
        prefix = self.keys.partner_service_id
        customer = digits[len(prefix):] if digits.startswith(prefix) else digits
        psid = prefix.rjust(8)
        return {"partnerServiceId": psid, "customerNo": customer, "virtualAccountNo": psid + customer}

    def inquiry(self, va_number: str) -> tuple[int, dict]:
        request_id = secrets.token_hex(8)
        return self.call("/v1.0/transfer-va/inquiry", {
            **self.va_fields(va_number), "inquiryRequestId": request_id, "channelCode": 6011,
            "trxDateInit": wib_iso(self.now()), "language": "ID"})

    def pay(self, va_number: str, amount: int | None = None, lose_first_reply: bool = False) -> tuple[int, dict]:
        """Inquiry, then payment of the amount the bill asks for (or `amount`). A payment whose answer is lost
        is sent again with flagAdvise Y: the biller must credit once and answer the same."""
        status, found = self.inquiry(va_number)
        if status != 200:
            return status, found
        data = found["virtualAccountData"]
        paid = snap.format_amount(amount) if amount is not None else data["totalAmount"]
        reference = f"{self.now():%y%m%d}{secrets.randbelow(10 ** 8):08d}"
        payload = {**self.va_fields(va_number), "paymentRequestId": data["inquiryRequestId"],
                   "paidAmount": paid, "totalAmount": data["totalAmount"], "trxDateTime": wib_iso(self.now()),
                   "referenceNo": reference, "flagAdvise": "N", "channelCode": 6011,
                   "billDetails": data.get("billDetails", [])}
        status, body = self._send_payment(payload, lose_first_reply)
        if status == 200:
            bill = (data.get("billDetails") or [{}])[0].get("billNo", "")
            self._record("VA", payload["virtualAccountNo"], bill, reference, snap.parse_amount(paid, "paidAmount"))
        return status, body

    def _send_payment(self, payload: dict, lose_first_reply: bool) -> tuple[int, dict]:
        path = "/v1.0/transfer-va/payment"
        for attempt in range(self.retries + 1):
            try:
                status, body = self.call(path, payload)
                if lose_first_reply and attempt == 0:
                    raise ReplyLost
                if status < 500:
                    return status, body
            except (ReplyLost, OSError):
                pass
            payload = {**payload, "flagAdvise": "Y"}  # the same payment again: the biller must not credit twice
            time.sleep(self.retry_wait * (attempt + 1))
        return 504, {"responseCode": "5042500", "responseMessage": "Timeout"}

    def pay_qris(self, payload: str) -> tuple[int, dict]:
        """Pay a dynamic QRIS (as the citizen's app would), then notify the merchant as its acquirer."""
        fields = qris.parse(payload)  # refuses a payload whose CRC does not match
        account = fields.get("26")
        if not isinstance(account, dict) or (account.get("00"), account.get("01")) != (
                QRIS_MERCHANT["QrisAcquirerGuid"], QRIS_MERCHANT["QrisMerchantPan"]):
            raise ValueError("the QRIS names no merchant of this bank (tag 26: acquirer GUID and merchant PAN)")
        amount = int(fields["54"])
        bill = fields["62"]["01"]
        reference = f"QR{self.now():%y%m%d}{secrets.randbelow(10 ** 10):010d}"
        status, body = self.call("/v1.0/qr/qr-mpm-notify", {
            "originalReferenceNo": reference, "originalPartnerReferenceNo": bill,
            "latestTransactionStatus": "00", "transactionStatusDesc": "success",
            "amount": snap.format_amount(amount), "transactionDate": wib_iso(self.now()),
            "additionalInfo": {"merchantId": fields["51"]["02"]}})
        if status == 200:
            self._record("QRIS", "", bill, reference, amount)
        return status, body

    # --- the bank's own books ----------------------------------------------------------------------------
    def _record(self, channel: str, va: str, bill: str, reference: str, amount: int) -> None:
        with self._lock:
            self.ledger.append({"at": wib_iso(self.now()), "channel": channel, "va": va, "bill": bill,
                                "reference": reference, "amount": amount})
            if self.ledger_path:
                self.ledger_path.write_text(json.dumps(self.ledger), encoding="utf-8")

    def statement_rows(self, day: str) -> list[dict]:
        """The credits of one Jakarta day, as the bank's statement lists them."""
        return [row for row in self.ledger if row["at"][:10] == day]


# --- the demo page --------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Simulator Bank RKUD</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}
label{{display:block;font-weight:600;margin-top:1rem}}input,textarea{{width:100%;font:inherit;padding:.5rem}}
button{{margin-top:1rem;font:inherit;padding:.6rem 1.2rem;background:#00703c;color:#fff;border:0;cursor:pointer}}
.note{{background:#f3f2f1;padding:.5rem 1rem;border-left:4px solid #505a5f}}.ok{{border-color:#00703c}}
.err{{border-color:#d4351c}}</style></head><body>
<h1>Simulator Bank RKUD</h1>
<p class="note">Bank uji untuk PISAO lokal: memanggil API SNAP PISAO seperti bank sungguhan.
Tidak ada uang sungguhan.</p>
{message}
<form method="post" action="{base}/va"><h2>Bayar virtual account</h2>
<label for="va">Nomor virtual account</label><input id="va" name="va" inputmode="numeric" value="{va}">
<button type="submit">Cek tagihan</button></form>
<form method="post" action="{base}/qris"><h2>Bayar QRIS</h2>
<label for="qris">Isi kode QRIS (teks)</label><textarea id="qris" name="qris" rows="3">{qris}</textarea>
<button type="submit">Bayar dengan QRIS</button></form>
<h2>Rekening koran</h2>
<p>Untuk bendahara: <a href="{base}/statement">unduh rekening koran hari ini (CSV)</a>, lalu unggah di halaman
Kas Daerah. Tanggal lain: tambahkan <code>?date=TTTT-BB-HH</code>.</p>
<h2>Untuk bank RKUD: onboarding</h2>
<p>Titik akhir SNAP PISAO ada di bawah awalan tahap <code>/api</code>:
<code>https://&lt;alamat PISAO&gt;/api/v1.0/transfer-va/inquiry</code> (juga <code>…/payment</code>,
<code>…/status</code>, <code>/api/v1.0/access-token/b2b</code>, <code>/api/v1.0/qr/qr-mpm-notify</code>).
Tanda tangan HMAC-SHA512 boleh dibuat atas jalur lengkap setelah nama host
(<code>/api/v1.0/transfer-va/inquiry</code>, seperti SDK SNAP BCA) atau atas jalur tanpa awalan
(<code>/v1.0/transfer-va/inquiry</code>); awalan lain ditolak dengan 4012400. Badan permintaan: JSON UTF-8,
<code>Content-Type: application/json</code>, paling besar 64 KB dan 32 tingkat (selain itu 400xx01).</p>
</body></html>"""

CONFIRM = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Konfirmasi pembayaran</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
<h1>Konfirmasi pembayaran</h1><dl><dt>Nomor VA</dt><dd id="va">{va}</dd><dt>Nama</dt><dd>{name}</dd>
<dt>Jumlah</dt><dd id="amount">{amount}</dd><dt>Berlaku sampai</dt><dd>{expires}</dd></dl>
<form method="post" action="{base}/va/pay"><input type="hidden" name="va" value="{va}">
<button type="submit" style="font:inherit;padding:.6rem 1.2rem;background:#00703c;color:#fff;border:0">Bayar</button>
</form><p><a href="{base}/">Batal</a></p></body></html>"""


def page_handler(bank: Bank, base: str = "") -> type[BaseHTTPRequestHandler]:
    class Page(Handler):
        def log_message(self, *args) -> None:
            pass

        def _send(self, status: int, text: str, kind: str = "text/html; charset=utf-8") -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _home(self, message: str = "", va: str = "", qris_text: str = "", status: int = 200) -> None:
            self._send(status, PAGE.format(base=base, message=message, va=html.escape(va),
                                           qris=html.escape(qris_text)))

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            if length > 8192:
                return {}
            data = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
            return {k: v[0].strip() for k, v in data.items()}

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            url = urllib.parse.urlparse(self.path)
            query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
            path = url.path[len(base):] if url.path.startswith(base) else url.path
            if path in ("", "/"):
                self._home(va=query.get("va", ""), qris_text=query.get("qris", ""))
            elif path == "/statement":
                from chalicelib.payments import statement

                day = query.get("date") or datetime.now(WIB).date().isoformat()
                self._send(200, statement.write(statement_entries(bank, day)), "text/csv; charset=utf-8")
            else:
                self._send(404, "tidak ditemukan", "text/plain; charset=utf-8")

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            path = self.path[len(base):] if self.path.startswith(base) else self.path
            form = self._form()
            try:
                if path == "/va":
                    self._inquiry(form.get("va", ""))
                elif path == "/va/pay":
                    status, body = bank.pay(form.get("va", ""))
                    self._result(status, body, form.get("va", ""))
                elif path == "/qris":
                    status, body = bank.pay_qris(form.get("qris", ""))
                    self._result(status, body, "")
                else:
                    self._send(404, "tidak ditemukan", "text/plain; charset=utf-8")
            except ValueError as exc:
                self._home(f'<p class="note err" role="alert">Kode QRIS tidak valid: {html.escape(str(exc))}</p>',
                           status=400)
            except (OSError, RuntimeError) as exc:
                self._home(f'<p class="note err" role="alert">PISAO tidak dapat dihubungi: {html.escape(str(exc))}'
                           "</p>", status=502)

        def _inquiry(self, va: str) -> None:
            status, body = bank.inquiry(va)
            if status != 200:
                self._result(status, body, va)
                return
            data = body["virtualAccountData"]
            amount = snap.parse_amount(data["totalAmount"], "totalAmount")
            self._send(200, CONFIRM.format(base=base, va=html.escape(va.replace(" ", "")),
                                           name=html.escape(data.get("virtualAccountName", "")),
                                           amount=format_rupiah(amount),
                                           expires=html.escape(data.get("expiredDate", ""))))

        def _result(self, status: int, body: dict, va: str) -> None:
            code, text = body.get("responseCode", ""), body.get("responseMessage", "")
            if status == 200:
                message = ('<p class="note ok" role="status" id="result">Pembayaran berhasil. PISAO sudah menerima '
                           f"konfirmasi ({html.escape(code)}).</p>")
            else:
                message = (f'<p class="note err" role="alert" id="result">Ditolak oleh PISAO: {html.escape(text)} '
                           f"({html.escape(code)})</p>")
            self._home(message, va=va, status=200 if status == 200 else 422)

    return Page


def statement_entries(bank: Bank, day: str) -> list:
    from chalicelib.payments import statement

    return [statement.StatementEntry(
        transaction_time=datetime.fromisoformat(row["at"]), channel=row["channel"], va_number=row["va"],
        invoice_id=row["bill"] or None, bank_reference=row["reference"], amount=row["amount"], currency="IDR",
        description="Setoran PISAO") for row in bank.statement_rows(day)]


def serve(bank: Bank, host: str, port: int, base: str = "") -> Server:
    server = Server((host, port), page_handler(bank, base))
    threading.Thread(target=server.serve_forever, daemon=True, name="bank").start()
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default="http://127.0.0.1:8000", help="PISAO's API (the SNAP endpoints)")
    parser.add_argument("--state-dir", default=".local/state", help="where the bank's keys and ledger are kept")
    commands = parser.add_subparsers(dest="command", required=True)
    pay = commands.add_parser("pay", help="pay a virtual account (inquiry, then payment)")
    pay.add_argument("--va", required=True)
    pay.add_argument("--amount", type=int, help="pay another amount than the bill's (to test a refusal)")
    pay.add_argument("--lose-first-reply", action="store_true", help="retry with flagAdvise Y as after a timeout")
    qris_cmd = commands.add_parser("qris", help="pay a QRIS payload as the acquirer")
    qris_cmd.add_argument("payload")
    stmt = commands.add_parser("statement", help="print the daily statement (CSV)")
    stmt.add_argument("--date", default=datetime.now(WIB).date().isoformat())
    srv = commands.add_parser("serve", help="the demo page")
    srv.add_argument("--port", type=int, default=8090)
    srv.add_argument("--base", default="", help="the path the page is served under (behind a proxy)")
    args = parser.parse_args(argv)
    state = Path(args.state_dir)
    bank = Bank(BankKeys.load_or_create(state), HttpTransport(args.api), state / "bank-ledger.json")
    if args.command == "pay":
        print(json.dumps(bank.pay(args.va, args.amount, args.lose_first_reply)[1], indent=2))
    elif args.command == "qris":
        print(json.dumps(bank.pay_qris(args.payload)[1], indent=2))
    elif args.command == "statement":
        from chalicelib.payments import statement

        sys.stdout.write(statement.write(statement_entries(bank, args.date)))
    else:
        exit_with_parent()
        serve(bank, "127.0.0.1", args.port, args.base)
        print(f"Simulator bank: http://127.0.0.1:{args.port}/", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()

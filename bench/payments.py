"""A SNAP payment as the RKUD bank sees it, in one local cloud (moto in process, the real API and ASL): how long
the bank waits for each call, and what 50 copies of one payment at once cost.

- token, inquiry, payment: the bank simulator's calls through the API, per call (median, p90), for n invoices.
- repeat: the same payment sent again (flagAdvise Y): answered from what was stored, the baseline the credit
  itself is compared with.
- concurrent: 50 copies of one payment at once into the biller (threads): wall time, credits made.

Usage: python -m bench.payments [-n 10]. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chalicelib.core import clock
from chalicelib.core.models import InvoiceModel
from chalicelib.payments import snap_api
from functions import adapters
from tests.cloud import local_cloud
from tests.payments import officer, skck_awaiting_payment


def _ms(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[max(0, int(len(ordered) * 0.9) - 1)]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms   p90 {p90 * 1000:6.1f} ms   (n={len(ordered)})"


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10, help="invoices to pay")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, local_cloud(Path(tmp)) as cloud:
        citizen = cloud.user("3171014101900001", "Siti Aminah", ["citizen"])
        staff = officer(cloud)
        bills = [skck_awaiting_payment(cloud, citizen, staff)["invoice"] for _ in range(args.n + 1)]
        bank = cloud.bank
        token_time, _ = timed(bank.access_token)
        inquiries, payments, repeats = [], [], []
        for bill in bills[:-1]:
            fields = bank.va_fields(bill["virtualAccount"])
            seconds, (_, found) = timed(lambda f=fields: bank.call(snap_api.INQUIRY_PATH, {
                **f, "inquiryRequestId": "BENCH", "trxDateInit": "2026-12-02T10:00:00+07:00"}))
            inquiries.append(seconds)
            body = {**fields, "paymentRequestId": f"P{bill['id'][-6:]}", "referenceNo": f"R{bill['id'][-6:]}",
                    "paidAmount": found["virtualAccountData"]["totalAmount"],
                    "trxDateTime": "2026-12-02T10:00:00+07:00", "flagAdvise": "N"}
            seconds, (status, _) = timed(lambda b=body: bank.call(snap_api.PAYMENT_PATH, b))
            assert status == 200
            payments.append(seconds)
            seconds, _ = timed(lambda b=body: bank.call(snap_api.PAYMENT_PATH, {**b, "flagAdvise": "Y"}))
            repeats.append(seconds)

        last = bills[-1]
        fields = bank.va_fields(last["virtualAccount"])
        body = json.dumps({**fields, "paymentRequestId": "PCONC", "referenceNo": "RCONC",
                           "paidAmount": {"value": f"{last['total']}.00", "currency": "IDR"},
                           "trxDateTime": "2026-12-02T10:00:00+07:00", "flagAdvise": "Y"}).encode()
        headers = [bank.signed_headers(snap_api.PAYMENT_PATH, body) for _ in range(50)]
        workflow = adapters.state_machine()
        with ThreadPoolExecutor(max_workers=50) as pool:
            wall, answers = timed(lambda: list(pool.map(
                lambda h: snap_api.transaction(snap_api.PAYMENT_PATH, h, body, clock.now(), workflow), headers)))
        credits = InvoiceModel.get(last["id"]).version - 1

        print(f"access token       {token_time * 1000:6.1f} ms")
        print(f"inquiry            {_ms(inquiries)}")
        print(f"payment (credit)   {_ms(payments)}")
        print(f"payment (repeat)   {_ms(repeats)}")
        print(f"credit / repeat    {statistics.median(payments) / statistics.median(repeats):.2f}x")
        codes = sorted({b['responseCode'] for _, b in answers})
        print(f"50 at once         {wall * 1000:6.1f} ms wall, {credits} credit(s), answers {codes}")


if __name__ == "__main__":
    main()

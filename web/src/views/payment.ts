// The payment panel of the status page: a lazy chunk, loaded only when the application has an invoice.
// Unpaid: the amount and its lines, the virtual account number (in groups of four, with "Salin"), the QRIS
// as a QR code, the deadline in the citizen's zone and the time left. Expired: "Minta kode pembayaran baru".
// Paid: "Lunas", the bank's reference, when, and the receipt (a 5-minute link, fetched on demand).
//
// The chunk imports nothing from the main chunk at run time (types only): the status page hands over what it
// uses (`Kit`). Rolldown 1.2 moves modules that a lazy chunk imports from a module other than the entry out of
// the first-load chunk into a shared chunk of their own, which costs more than 1 KB gz of the citizen's budget
// (rolldown issues #9963, #10731).
import type * as Dom from '../dom';
import type * as I18n from '../i18n';
import type * as Api from '../api';
import type * as Format from '../format';
import type * as Ui from '../ui';
import type { Child } from '../dom';
import type { ApiError, Application, Invoice } from '../api';

export interface Kit {
  h: typeof Dom.h;
  replace: typeof Dom.replace;
  t: typeof I18n.t;
  api: typeof Api.api;
  dateTime: typeof Format.dateTime;
  rupiah: typeof Format.rupiah;
  button: typeof Ui.button;
  showProblems: typeof Ui.showProblems;
  summaryList: typeof Ui.summaryList;
  tag: typeof Ui.tag;
}
let h: Kit['h'], replace: Kit['replace'], t: Kit['t'], api: Kit['api'], dateTime: Kit['dateTime'], rupiah: Kit['rupiah'];
let button: Kit['button'], showProblems: Kit['showProblems'], summaryList: Kit['summaryList'], tag: Kit['tag'];

export interface PaymentHooks {
  signal: AbortSignal;
  /** Fetch the application again now (after a payment, an expiry, a new code). */
  refresh: () => void;
  /** The session ended: sign in again. */
  expired: (e: ApiError) => void;
}

/** "8808 1000 0000 0001 8": a long number is easier to read and type in groups of four. */
const groups = (digits: string): string => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

/** "2 hari 3 jam", "5 jam 12 menit", "4 menit 09 detik". */
function left(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const hh = Math.floor((seconds % 86400) / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = String(seconds % 60).padStart(2, '0');
  if (d) return t('{d} hari {h} jam', { d, h: hh });
  if (hh) return t('{h} jam {m} menit', { h: hh, m: mm });
  return t('{m} menit {s} detik', { m: mm, s: ss });
}

const local = (): boolean => ['localhost', '127.0.0.1'].includes(location.hostname);

let tick = 0;

/** The total, and what it is for: one line under the amount, or each line with its own amount. Each line's label
 * names its kind first (tax, retribution or service fee), as the server words it in the citizen's language. */
function amountLines(inv: Invoice): HTMLElement {
  const one = inv.lines.length === 1;
  return summaryList([
    ...(one ? [] : inv.lines.map((l) => ({ key: l.label, value: h('span', { 'data-line-kind': l.kind }, rupiah(l.amount)) }))),
    {
      key: t('Jumlah'),
      value: [h('strong', { 'data-amount': '' }, rupiah(inv.total)), one ? h('span', { class: 'payment__for', 'data-line-kind': inv.lines[0].kind }, inv.lines[0].label) : null],
    },
  ]);
}

function unpaid(inv: Invoice, hooks: PaymentHooks): Child[] {
  const va = inv.virtualAccount || '';
  const deadline = Date.now() + inv.secondsLeft * 1000; // the server's count: a device clock may be wrong
  const timer = h('span', { role: 'timer', 'data-countdown': '' });
  const count = (): void => {
    const s = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    timer.textContent = s ? left(s) : t('waktu habis');
    if (!s) {
      clearInterval(tick);
      hooks.refresh();
    }
  };
  count();
  tick = window.setInterval(count, 1000);

  const number = h('code', { id: 'va-number', class: 'mono', 'data-va': va }, groups(va));
  const copied = h('span', { class: 'payment__copied', 'aria-live': 'polite' });
  const copy = button(t('Salin nomor'), {
    type: 'button',
    class: 'button button--secondary button--small',
    'data-copy': '',
    onclick: () => {
      const done = (): void => {
        copied.textContent = t('Nomor virtual account disalin.');
        setTimeout(() => (copied.textContent = ''), 4000);
      };
      (navigator.clipboard ? navigator.clipboard.writeText(va) : Promise.reject()).then(done, () => {
        // No clipboard (an old browser, an insecure page): select the number so it can be copied by hand.
        const range = document.createRange();
        range.selectNodeContents(number);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      });
    },
  });
  const qrSlot = h('div', { class: 'qr-slot', 'data-qris': '' });
  if (inv.qris) {
    import('../qr/qrcode')
      .then((m) => qrSlot.append(m.qrSvg(inv.qris as string, t('Kode QRIS untuk membayar {amount}', { amount: rupiah(inv.total) }))))
      .catch(() => qrSlot.append(h('p', { class: 'muted' }, t('Kode QRIS tidak dapat ditampilkan. Bayar dengan nomor virtual account di atas.'))));
  }
  return [
    h('h2', { class: 'heading-m', id: 'payment-title' }, t('Bayar tagihan')),
    amountLines(inv),
    h('p', { class: 'body' }, t('Bayar sebelum {date}', { date: dateTime(inv.expiresAt) }), ` (${t('sisa')} `, timer, ').'),
    h('h3', { class: 'heading-s' }, t('Nomor virtual account')),
    h('p', { class: 'body' }, t('Bayar lewat ATM, mobile banking atau internet banking bank mana pun: pilih transfer ke virtual account, lalu masukkan nomor ini.')),
    h('p', { class: 'secret' }, number, ' ', copy, ' ', copied),
    h('p', { class: 'hint' }, t('Jumlah yang tampil di bank harus {amount}.', { amount: rupiah(inv.total) })),
    inv.qris
      ? [
          h('h3', { class: 'heading-s' }, t('Atau pindai QRIS')),
          h('p', { class: 'body' }, t('Pindai kode ini dengan aplikasi bank atau dompet digital yang mendukung QRIS.')),
          qrSlot,
        ]
      : null,
    h('p', { class: 'hint' }, t('Setelah Anda membayar, halaman ini berubah sendiri dalam beberapa saat.')),
    local() && va
      ? h(
          'p',
          { class: 'local-aid' },
          h('a', { href: `/_local/bank/?va=${encodeURIComponent(va)}`, target: '_blank', rel: 'noopener', 'data-local-bank': '' }, t('Bayar di simulator bank (lokal)')),
          ` – ${t('hanya untuk pengujian di PISAO lokal, tanpa uang sungguhan.')}`,
        )
      : null,
  ];
}

function expiredCode(app: Application, inv: Invoice, hooks: PaymentHooks, problems: HTMLElement): Child[] {
  const renew = button(t('Minta kode pembayaran baru'), { type: 'button', 'data-renew': '' });
  renew.addEventListener('click', async () => {
    renew.disabled = true;
    try {
      await api('POST', `/applications/${encodeURIComponent(app.id)}/invoice`);
      hooks.refresh();
    } catch (err) {
      renew.disabled = false;
      const e = err as ApiError;
      if (e.code === 'session_expired') return hooks.expired(e);
      showProblems(problems, [{ message: e.message }]);
    }
  });
  return [
    h('h2', { class: 'heading-m', id: 'payment-title' }, t('Pembayaran')),
    h('p', { class: 'body' }, tag('invoice_expired', inv.statusLabel)),
    h('p', { class: 'body' }, t('Kode pembayaran ini kedaluwarsa pada {date} dan tidak dapat dipakai lagi. Minta kode baru, lalu bayar sebelum batas waktunya.', { date: dateTime(inv.expiresAt) })),
    amountLines(inv),
    renew,
  ];
}

function paid(app: Application, inv: Invoice, hooks: PaymentHooks, problems: HTMLElement): Child[] {
  const p = inv.payment;
  const fallback = h('p', { class: 'body' });
  const receipt = button(t('Unduh bukti pembayaran (PDF)'), { type: 'button', class: 'button button--secondary', 'data-receipt': '' });
  receipt.addEventListener('click', async () => {
    receipt.disabled = true;
    try {
      const { url } = await api<{ url: string }>('GET', `/applications/${encodeURIComponent(app.id)}/invoice/receipt`);
      const w = window.open(url, '_blank');
      if (w) w.opener = null;
      // A blocked pop-up: the link itself (valid for 5 minutes).
      else replace(fallback, h('a', { href: url, target: '_blank', rel: 'noopener' }, t('Buka bukti pembayaran (PDF)')));
    } catch (err) {
      const e = err as ApiError;
      if (e.code === 'session_expired') return hooks.expired(e);
      showProblems(problems, [{ message: e.message }]);
    } finally {
      receipt.disabled = false;
    }
  });
  return [
    h('h2', { class: 'heading-m', id: 'payment-title' }, t('Pembayaran')),
    h('p', { class: 'body' }, tag('invoice_paid', inv.statusLabel), ' ', t('Pembayaran Anda sudah diterima.')),
    summaryList([
      { key: t('Jumlah dibayar'), value: h('strong', { 'data-amount': '' }, rupiah(p?.amount ?? inv.total)) },
      { key: t('Dibayar'), value: h('span', { 'data-paid-at': '' }, dateTime(inv.paidAt)) },
      { key: t('Cara bayar'), value: p?.channel === 'QRIS' ? 'QRIS' : t('Virtual account') },
      { key: t('Nomor referensi bank'), value: h('span', { class: 'mono', 'data-bank-reference': '' }, p?.bankReference || '–') },
      { key: t('Nomor tagihan'), value: h('span', { class: 'mono' }, inv.id) },
    ]),
    receipt,
    fallback,
  ];
}

/** Draw (or redraw) the panel of `app.invoice` into `slot`. */
export function paymentPanel(kit: Kit, slot: HTMLElement, app: Application, hooks: PaymentHooks): void {
  ({ h, replace, t, api, dateTime, rupiah, button, showProblems, summaryList, tag } = kit);
  clearInterval(tick);
  const inv = app.invoice;
  if (!inv) return replace(slot);
  hooks.signal.addEventListener('abort', () => clearInterval(tick), { once: true });
  const problems = h('div');
  const body = inv.status === 'paid' ? paid(app, inv, hooks, problems) : inv.status === 'expired' ? expiredCode(app, inv, hooks, problems) : unpaid(inv, hooks);
  replace(slot, h('section', { class: 'payment', 'aria-labelledby': 'payment-title', 'data-invoice': inv.status }, problems, body));
}

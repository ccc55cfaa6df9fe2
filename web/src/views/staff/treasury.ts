// "Kas Daerah" (treasurer): the bank's daily statement reconciled against the invoices PISAO holds as paid, the
// income per day and revenue account (CSV and PDF as 5-minute links), and the refunds waiting for a decision.
import { h, replace, type Child } from '../../dom';
import { lang, t } from '../../i18n';
import { api, ApiError, session } from '../../api';
import { calendarDate, dateTime, rupiah } from '../../format';
import { button, heading, notice, ROLE, showProblems, summaryList, type Problem } from '../../ui';
import { errorLine, setErrorOn } from '../../fields';
import { signInAgain, type Ctx } from '../../router';
import { staffGuard } from '../guard';

interface Item {
  invoiceId: string | null;
  vaNumber: string | null;
  bankReference: string | null;
  channel: string | null;
  revenueAccount: string | null;
  ourAmount: number | null;
  bankAmount: number | null;
  difference: number | null;
  paidAt: string | null;
  bankTime: string | null;
  matchedBy: string | null;
  action: { id: string; en: string } | null;
}
interface Sum {
  count: number;
  amount: number;
}
interface Reconciliation {
  day: string;
  balanced: boolean;
  reconciledAt: string;
  reconciledBy: string;
  matched: Item[];
  missingFromBank: Item[];
  unknownToUs: Item[];
  amountMismatch: Item[];
  totals: Record<'matched' | 'missingFromBank' | 'unknownToUs' | 'ours' | 'bank', Sum> & {
    amountMismatch: { count: number; ourAmount: number; bankAmount: number; difference: number };
    difference: number;
  };
}
interface Income {
  start: string;
  end: string;
  rows: ({ day: string; revenueAccount: string } & Sum)[];
  days: ({ day: string } & Sum)[];
  accounts: ({ revenueAccount: string } & Sum)[];
  total: Sum;
  unconfirmedRevenueAccount: boolean;
}
interface Refund {
  bankReference: string;
  state: string;
  stateLabel: string;
  reason: string;
  channel: string;
  amount: number;
  invoiceId: string | null;
  createdAt: string;
}

const UNCONFIRMED = 'UNCONFIRMED-KODE-REKENING';
const MAX_BYTES = 5 * 1024 * 1024;
const CATEGORIES: [keyof Pick<Reconciliation, 'matched' | 'missingFromBank' | 'unknownToUs' | 'amountMismatch'>, string][] = [
  ['matched', 'Cocok'],
  ['missingFromBank', 'Lunas di PISAO, tidak ada di bank'],
  ['unknownToUs', 'Masuk di bank, tidak dikenal PISAO'],
  ['amountMismatch', 'Jumlah berbeda'],
];
const REASONS: Record<string, string> = {
  unknown_credit: 'Dana masuk tanpa tagihan yang cocok',
  expired_invoice: 'Dibayar (QRIS) setelah kode kedaluwarsa',
  already_paid: 'Tagihan sudah lunas, dibayar lagi',
};
const DECISIONS: [string, string][] = [
  ['refunded', 'Dikembalikan ke pembayar'],
  ['credited', 'Diakui sebagai pembayaran'],
];

/** Whole rupiah with its sign; "Rp0" (rupiah() says "Gratis" for a fee of 0, not for an amount of money). */
const money = (n: number | null | undefined): string => (n == null ? '–' : n < 0 ? `-${rupiah(-n)}` : n ? rupiah(n) : 'Rp0');
const count = (n: number): string => t('{n} transaksi', { n });
const sum = (s: Sum): string => `${money(s.amount)} · ${count(s.count)}`;
const isDay = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v);
/** Yesterday in WIB (UTC+7 all year), the day whose statement the bank delivers this morning. */
const yesterday = (): string => new Date(Date.now() + 7 * 3600e3 - 864e5).toISOString().slice(0, 10);

function gap(d: number): string {
  if (!d) return t('Tidak ada selisih');
  return d > 0 ? t('Bank mencatat {x} lebih banyak', { x: money(d) }) : t('Bank mencatat {x} lebih sedikit', { x: money(-d) });
}

interface Slot {
  el: HTMLElement;
  input: HTMLInputElement | HTMLTextAreaElement;
  set: (m: string | null) => void;
}

/** A labelled control with hint and inline error, as fields.ts draws the console's own questions. */
function group(id: string, text: string, hint: Child, input: HTMLInputElement | HTMLTextAreaElement, ...after: Child[]): Slot {
  const q = { id, type: 'text' as const, label: text, hint: hint ? id : null };
  input.id = id;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  const el = h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: id }, text),
    hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null,
    errorLine(id),
    after.length ? after : input,
  );
  return { el, input, set: (m) => setErrorOn(el, id, [input], q, m) };
}

const dateSlot = (id: string, text: string, value: string, hint: string | null = null): Slot =>
  group(id, text, hint, h('input', { class: 'input input--date', type: 'date', name: id, value }));

/** A table in a scrollable, keyboard-reachable region (narrow screens scroll it sideways). */
function table(caption: string, head: string[], nums: number[], body: Child, foot?: Child, attrs: Record<string, string> = {}): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': caption },
    h(
      'table',
      { class: 'table', ...attrs },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, head.map((x, i) => h('th', { scope: 'col', class: nums.includes(i) ? 'num' : null }, x)))),
      h('tbody', null, body),
      foot ? h('tfoot', null, foot) : null,
    ),
  );
}

const num = (text: string): HTMLElement => h('td', { class: 'num' }, text);

function account(code: string): Child {
  return code === UNCONFIRMED
    ? [h('span', { class: 'mono' }, code), h('br'), h('span', { class: 'muted' }, t('(belum dikonfirmasi)'))]
    : h('span', { class: 'mono' }, code);
}

// ---- reconciliation ----------------------------------------------------------------------------------------

function itemRows(item: Item, withAction: boolean): HTMLElement[] {
  const action = item.action ? (lang() === 'en' ? item.action.en : item.action.id) : null;
  return [
    h(
      'tr',
      { 'data-item': item.bankReference || item.invoiceId || '' },
      h(
        'th',
        { scope: 'row' },
        item.invoiceId ? h('strong', { class: 'mono' }, item.invoiceId) : h('strong', null, t('Tanpa nomor tagihan')),
        h('br'),
        h('span', { class: 'mono', 'data-bank-reference': '' }, item.bankReference || '–'),
        item.vaNumber ? [h('br'), h('span', { class: 'mono' }, `VA ${item.vaNumber.trim()}`)] : item.channel ? [h('br'), item.channel] : null,
        h('br'),
        h('span', { class: 'muted' }, dateTime(item.bankTime || item.paidAt)),
      ),
      num(money(item.ourAmount)),
      num(money(item.bankAmount)),
    ),
    withAction && action ? h('tr', { 'data-action': '' }, h('td', { colspan: '3' }, h('strong', null, `${t('Yang harus dilakukan')}: `), action)) : null,
  ].filter(Boolean) as HTMLElement[];
}

function reconciliationView(r: Reconciliation): HTMLElement {
  const T = r.totals;
  return h(
    'div',
    { 'data-reconciliation': r.day, 'data-balanced': String(r.balanced) },
    h('h3', { class: 'heading-m' }, t('Hasil rekonsiliasi {date}', { date: calendarDate(r.day) })),
    h(
      'p',
      { class: 'body' },
      h('strong', { class: `tag tag--${r.balanced ? 'paid' : 'rejected'}`, 'data-verdict': '' }, r.balanced ? t('Seimbang') : t('Tidak seimbang')),
      ' ',
      r.balanced ? t('Setiap pembayaran di PISAO cocok dengan rekening koran bank.') : t('Ada pembayaran yang harus ditindaklanjuti: lihat bagian di bawah.'),
    ),
    summaryList([
      { key: t('Lunas menurut PISAO'), value: sum(T.ours) },
      { key: t('Masuk menurut bank'), value: sum(T.bank) },
      { key: t('Selisih'), value: h('span', { 'data-difference': String(T.difference) }, gap(T.difference)) },
      { key: t('Direkonsiliasi'), value: `${dateTime(r.reconciledAt)} · ${t(ROLE[r.reconciledBy] || r.reconciledBy)}` },
    ]),
    CATEGORIES.map(([key, title]) => {
      const items = r[key];
      const figures = key === 'amountMismatch' ? `${count(T.amountMismatch.count)} · ${gap(T.amountMismatch.difference)}` : sum(T[key]);
      return h(
        'section',
        { 'data-category': key },
        h('h3', { class: 'heading-s' }, t(title)),
        items.length ? h('p', { class: 'hint' }, figures) : null,
        items.length
          ? table(t(title), [t('Pembayaran'), t('PISAO'), t('Bank')], [1, 2], items.map((i) => itemRows(i, key !== 'matched')), undefined, { class: 'table table--items' })
          : h('p', { class: 'body' }, t('Tidak ada.')),
      );
    }),
  );
}

// ---- income report -----------------------------------------------------------------------------------------

function incomeView(r: Income): Child[] {
  const period = r.start === r.end ? calendarDate(r.start) : `${calendarDate(r.start)} – ${calendarDate(r.end)}`;
  const byDay = r.days.flatMap((d) => {
    const rows = r.rows.filter((x) => x.day === d.day);
    return [
      ...rows.map((x) =>
        h('tr', { 'data-income-row': `${x.day} ${x.revenueAccount}` }, h('th', { scope: 'row' }, calendarDate(x.day)), h('td', null, account(x.revenueAccount)), num(String(x.count)), num(money(x.amount))),
      ),
      rows.length > 1
        ? h('tr', null, h('th', { scope: 'row', colspan: '2' }, t('Jumlah {date}', { date: calendarDate(d.day) })), num(String(d.count)), num(money(d.amount)))
        : null,
    ];
  });
  const total = h('tr', null, h('th', { scope: 'row', colspan: '2' }, t('Jumlah seluruhnya')), num(String(r.total.count)), num(money(r.total.amount)));
  return [
    r.unconfirmedRevenueAccount
      ? h(
          'div',
          { class: 'correction', 'data-unconfirmed': '' },
          h('p', { class: 'body' }, h('strong', null, t('Kode rekening belum dikonfirmasi bagian keuangan'))),
          h('p', { class: 'body' }, t('Sebagian pendapatan dicatat pada {code} sampai bagian keuangan menetapkan kode rekening yang benar. Jangan membukukannya sebelum kodenya dikonfirmasi.', { code: UNCONFIRMED })),
        )
      : null,
    h('p', { class: 'body', 'data-income-total': '' }, h('strong', null, `${t('Pendapatan {period}', { period })}: `), sum(r.total)),
    r.rows.length
      ? [
          table(t('Per hari dan kode rekening'), [t('Tanggal'), t('Kode rekening'), t('Transaksi'), t('Jumlah')], [2, 3], byDay, total, { 'data-income': '' }),
          table(
            t('Per kode rekening'),
            [t('Kode rekening'), t('Transaksi'), t('Jumlah')],
            [1, 2],
            r.accounts.map((a) => h('tr', null, h('th', { scope: 'row' }, account(a.revenueAccount)), num(String(a.count)), num(money(a.amount)))),
            h('tr', null, h('th', { scope: 'row' }, t('Jumlah seluruhnya')), num(String(r.total.count)), num(money(r.total.amount))),
          ),
        ]
      : h('p', { class: 'body' }, t('Tidak ada pembayaran yang lunas pada periode ini.')),
  ];
}

// ---- the page ----------------------------------------------------------------------------------------------

export async function treasuryPage(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ['treasurer'])) return;
  const q = (k: string): string => (isDay(ctx.query.get(k) || '') ? (ctx.query.get(k) as string) : yesterday());
  const day = q('tanggal');
  let period = { from: q('dari'), to: q('sampai') };
  const stored = (d: string): Promise<Reconciliation | null> =>
    api<Reconciliation>('GET', `/treasury/reconciliations/${d}`, undefined, ctx.signal).catch((e: ApiError) => {
      if (e.status === 404) return null;
      throw e;
    });
  const income = (p: typeof period): Promise<Income> =>
    api<Income>('GET', `/treasury/income?from=${p.from}&to=${p.to}`, undefined, ctx.signal);
  const pending = (): Promise<Refund[]> =>
    api<{ refunds: Refund[] }>('GET', '/treasury/refunds?state=pending', undefined, ctx.signal).then((r) => r.refunds);
  const [rec, inc, refunds] = await Promise.all([stored(day), income(period), pending()]);

  const problems = h('div');
  const recDone = h('div');
  const refundDone = h('div');
  /** A refusal in the summary (and at its fields); the session's end goes to sign-in and back. */
  const fail = (err: unknown, at: Record<string, Slot | undefined> = {}): void => {
    const e = err as ApiError;
    if (e.code === 'session_expired') return signInAgain(ctx, e.message);
    if (e.code === 'aborted') return;
    Object.values(at).forEach((s) => s?.set(null));
    const list: Problem[] = [];
    for (const f of e.fields || []) {
      const slot = f.field ? at[f.field] : undefined;
      slot?.set(f.message);
      if (slot && !list.some((p) => p.target === slot.input.id)) list.push({ target: slot.input.id, message: e.fields?.length === 1 ? e.message : f.message });
    }
    showProblems(problems, list.length ? list : [{ message: e.message }]);
  };
  const say = (slot: HTMLElement, text: string | null): void => replace(slot, text ? notice(text) : null);

  // ---- reconciliation: pick the day and the bank's CSV, upload, see the result ----
  const recSlot = h('div', { 'data-reconciliation-slot': '' });
  const showRec = (d: string, r: Reconciliation | null): void =>
    replace(
      recSlot,
      r
        ? reconciliationView(r)
        : h('p', { class: 'body', 'data-not-reconciled': '' }, t('Rekening koran tanggal {date} belum direkonsiliasi.', { date: calendarDate(d) })),
    );
  showRec(day, rec);
  const dateF = dateSlot('statement-day', t('Tanggal transaksi'), day, t('Hari transaksi menurut WIB. Biasanya kemarin: bank mengirim rekening koran sehari sekali.'));
  dateF.input.addEventListener('change', async () => {
    const d = dateF.input.value;
    if (isDay(d)) showRec(d, await stored(d).catch((e) => (fail(e), null)));
  });
  const fileInput = h('input', { class: 'file-picker__input', type: 'file', name: 'statement', accept: '.csv,text/csv' });
  const chosen = h('p', { class: 'body', 'aria-live': 'polite' });
  const chooser = h('label', { class: 'button button--secondary file-picker__button', for: 'statement', 'aria-hidden': 'true' }, t('Pilih berkas'));
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    chosen.textContent = f ? t('Dipilih: {name}', { name: f.name }) : '';
    chooser.textContent = f ? t('Ganti berkas') : t('Pilih berkas');
  });
  const fileF = group(
    'statement',
    t('Rekening koran dari bank (CSV)'),
    [t('Berkas harian dari bank RKUD, paling besar 5 MB. Baris pertamanya berisi judul kolom:'), ' ', h('span', { class: 'mono' }, 'tanggal_transaksi,kanal,nomor_va,nomor_tagihan,referensi_bank,jumlah,mata_uang,keterangan')],
    fileInput,
    chosen,
    h('div', { class: 'file-picker' }, fileInput, chooser),
  );
  const upload = button(t('Unggah dan rekonsiliasi'), { 'data-upload': '' });
  const uploadForm = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const d = dateF.input.value;
        const file = fileInput.files?.[0];
        const dm = isDay(d) ? null : t('Pilih tanggal transaksi rekening koran.');
        const fm = !file ? t('Pilih berkas rekening koran (CSV) dari bank.') : file.size > MAX_BYTES ? t('Berkas terlalu besar (paling besar 5 MB).') : null;
        dateF.set(dm);
        fileF.set(fm);
        const list = [dm && { target: dateF.input.id, message: dm }, fm && { target: fileF.input.id, message: fm }].filter(Boolean) as Problem[];
        showProblems(problems, list);
        say(recDone, null);
        if (list.length || !file) return;
        upload.disabled = true;
        try {
          const r = await api<Reconciliation>('POST', `/treasury/statements/${d}`, { statement: await file.text() }, ctx.signal);
          showRec(d, r);
          say(recDone, t('Rekening koran tanggal {date} sudah direkonsiliasi.', { date: calendarDate(d) }));
          await drawRefunds();
        } catch (err) {
          fail(err, { statement: fileF, date: dateF });
        } finally {
          upload.disabled = false;
        }
      },
    },
    dateF.el,
    fileF.el,
    upload,
  );

  // ---- income per day and revenue account, and its exports ----
  const incSlot = h('div', { 'data-income-slot': '' });
  replace(incSlot, incomeView(inc));
  const fromF = dateSlot('income-from', t('Dari tanggal'), period.from);
  const toF = dateSlot('income-to', t('Sampai tanggal'), period.to);
  const show = button(t('Tampilkan'), { class: 'button button--secondary' });
  const incomeForm = h(
    'form',
    {
      class: 'filters',
      novalidate: true,
      'data-income-form': '',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const p = { from: fromF.input.value, to: toF.input.value };
        const fm = isDay(p.from) ? null : t('Pilih tanggal awal laporan.');
        const tm = isDay(p.to) ? null : t('Pilih tanggal akhir laporan.');
        fromF.set(fm);
        toF.set(tm);
        const list = [fm && { target: fromF.input.id, message: fm }, tm && { target: toF.input.id, message: tm }].filter(Boolean) as Problem[];
        showProblems(problems, list);
        if (list.length) return;
        show.disabled = true;
        try {
          replace(incSlot, incomeView(await income(p)));
          period = p;
        } catch (err) {
          fail(err, { from: fromF, to: toF });
        } finally {
          show.disabled = false;
        }
      },
    },
    fromF.el,
    toF.el,
    h('div', { class: 'form-group' }, show),
  );
  const linkSlot = h('p', { class: 'body' });
  const exportButton = (fmt: 'csv' | 'pdf', text: string): HTMLButtonElement => {
    const b = button(text, { type: 'button', class: 'button button--secondary', 'data-export': fmt });
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const { url } = await api<{ url: string }>('GET', `/treasury/income/export?from=${period.from}&to=${period.to}&format=${fmt}`, undefined, ctx.signal);
        const w = window.open(url, '_blank');
        if (w) w.opener = null;
        // A blocked pop-up: the link itself (valid for 5 minutes).
        replace(linkSlot, w ? null : h('a', { href: url, target: '_blank', rel: 'noopener', 'data-export-link': fmt }, t('Buka laporan ({fmt})', { fmt: fmt.toUpperCase() })));
      } catch (err) {
        fail(err);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };

  // ---- refunds waiting for the treasurer ----
  const refundSlot = h('div', { 'data-refunds': '' });
  const refundCard = (r: Refund, i: number): HTMLElement => {
    const id = `refund-${i}`;
    const stateId = `${id}-state`;
    const stateQ = { id: stateId, type: 'radio' as const, label: t('Keputusan'), hint: null };
    const radios = DECISIONS.map(([v, l], k) =>
      h(
        'div',
        { class: 'radios__item' },
        h('input', { class: 'radios__input', type: 'radio', id: k ? `${stateId}-${k}` : stateId, name: stateId, value: v }),
        h('label', { class: 'label radios__label', for: k ? `${stateId}-${k}` : stateId }, t(l)),
      ),
    );
    const fs = h('fieldset', { class: 'fieldset' }, h('legend', { class: 'label fieldset__legend' }, t('Keputusan')), errorLine(stateId), h('div', { class: 'radios' }, radios));
    const stateGroup = h('div', { class: 'form-group' }, fs);
    const stateF: Slot = { el: stateGroup, input: radios[0].querySelector('input') as HTMLInputElement, set: (m) => setErrorOn(stateGroup, stateId, [fs], stateQ, m) };
    const noteF = group(
      `${id}-note`,
      t('Catatan'),
      t('Misalnya nomor bukti transfer pengembalian, atau tagihan yang dilunasi dengan dana ini. 5 sampai 500 karakter.'),
      h('textarea', { class: 'textarea', name: 'note', rows: 3, maxlength: 500 }),
    );
    const save = button(t('Simpan keputusan'), { 'data-decide': '' });
    const rows: { key: string; value: Child }[] = [
      { key: t('Alasan'), value: h('span', { 'data-reason': r.reason }, t(REASONS[r.reason] || r.reason)) },
      { key: t('Jumlah'), value: h('strong', null, money(r.amount)) },
      { key: t('Kanal'), value: r.channel === 'QRIS' ? 'QRIS' : t('Virtual account') },
      { key: t('Nomor tagihan'), value: r.invoiceId ? h('span', { class: 'mono' }, r.invoiceId) : h('span', { class: 'muted' }, t('Tidak ada')) },
      { key: t('Tercatat'), value: dateTime(r.createdAt) },
    ];
    return h(
      'li',
      { class: 'card', 'data-refund': r.bankReference },
      h('h3', { class: 'card__title' }, `${t('Referensi bank')} `, h('span', { class: 'mono' }, r.bankReference)),
      summaryList(rows),
      h(
        'form',
        {
          novalidate: true,
          onsubmit: async (e: Event) => {
            e.preventDefault();
            const state = fs.querySelector<HTMLInputElement>('input:checked')?.value;
            const note = noteF.input.value.trim();
            const sm = state ? null : t('Pilih apakah dana dikembalikan ke pembayar atau diakui sebagai pembayaran.');
            const nm = note.length < 5 || note.length > 500 ? t('Catatan wajib diisi, 5 sampai 500 karakter.') : null;
            stateF.set(sm);
            noteF.set(nm);
            const list = [sm && { target: stateId, message: sm }, nm && { target: noteF.input.id, message: nm }].filter(Boolean) as Problem[];
            showProblems(problems, list);
            say(refundDone, null);
            if (list.length) return;
            save.disabled = true;
            try {
              const closed = await api<Refund>('POST', `/treasury/refunds/${encodeURIComponent(r.bankReference)}`, { state, note }, ctx.signal);
              await drawRefunds();
              say(refundDone, t('Pengembalian dana {ref} ditutup: {state}.', { ref: r.bankReference, state: closed.stateLabel }));
            } catch (err) {
              save.disabled = false;
              fail(err, { state: stateF, note: noteF });
              if ((err as ApiError).status === 409) await drawRefunds().catch(() => undefined);
            }
          },
        },
        stateGroup,
        noteF.el,
        save,
      ),
    );
  };
  const listRefunds = (list: Refund[]): void =>
    replace(
      refundSlot,
      list.length
        ? [h('p', { class: 'body' }, t('{n} pengembalian dana menunggu keputusan Anda.', { n: list.length })), h('ul', { class: 'card-list' }, list.map(refundCard))]
        : h('p', { class: 'body', 'data-no-refunds': '' }, t('Tidak ada pengembalian dana yang menunggu keputusan.')),
    );
  const drawRefunds = async (): Promise<void> => listRefunds(await pending());
  listRefunds(refunds);

  const title = t('Kas Daerah');
  ctx.mount(
    title,
    problems,
    ...heading(title, session()?.user.name),
    h('p', { class: 'body' }, t('Pembayaran semua instansi masuk ke satu rekening Kas Daerah. Cocokkan rekening koran bank setiap hari, periksa pendapatan per kode rekening, dan putuskan pengembalian dana.')),
    h(
      'section',
      { 'aria-labelledby': 'rec-title' },
      h('h2', { class: 'heading-m', id: 'rec-title' }, t('Rekonsiliasi harian')),
      uploadForm,
      recDone,
      recSlot,
    ),
    h(
      'section',
      { 'aria-labelledby': 'income-title' },
      h('h2', { class: 'heading-m', id: 'income-title' }, t('Pendapatan per kode rekening')),
      incomeForm,
      incSlot,
      h('div', { class: 'button-group' }, exportButton('csv', t('Unduh CSV')), exportButton('pdf', t('Unduh PDF'))),
      h('p', { class: 'hint' }, t('Laporan yang sedang tampil, sebagai tautan yang berlaku 5 menit.')),
      linkSlot,
    ),
    h(
      'section',
      { 'aria-labelledby': 'refunds-title' },
      h('h2', { class: 'heading-m', id: 'refunds-title' }, t('Pengembalian dana')),
      h('p', { class: 'body' }, t('Dana yang masuk ke Kas Daerah tetapi tidak dapat dipakai untuk tagihan mana pun. Periksa dengan bank, lalu putuskan.')),
      refundDone,
      refundSlot,
    ),
  );
}

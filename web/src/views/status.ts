// The citizen's view after submission: one application's status and timeline, and the list of all.
import { h, replace, type Attrs, type Child } from '../dom';
import { t } from '../i18n';
import { api, application, form, ApiError, type Application, type FieldProblem, type FormDef, type IssuedPermit } from '../api';
import { myPermits, renewalBanner } from './renew';
import { dateTime, rupiah } from '../format';
import { button, heading, linkButton, notice, panel, showProblems, summaryList, tag, timeline, backLink } from '../ui';
import { flash, go, signInAgain, type Ctx } from '../router';

const FINAL = new Set(['draft', 'issued', 'rejected']);

/** The way back into the application's form. */
const resumeButton = (app: Application, text: string): HTMLElement => linkButton(text, `#/permohonan/${encodeURIComponent(app.id)}/lanjutkan`);

/** Sent back for correction: why, which answers, until when, and the way back to the form. */
function correctionBox(app: Application, def: FormDef | null): HTMLElement | null {
  const c = app.correction;
  if (app.status !== 'needs_correction' || !c) return null;
  const labelOf = (f: string): string => def?.pages.flatMap((p) => p.questions).find((q) => q.id === f)?.label || f;
  return h(
    'div',
    { class: 'correction', 'data-correction': '' },
    h('h2', { class: 'heading-m' }, t('Perbaikan diperlukan')),
    h('p', { class: 'body' }, h('strong', null, `${t('Catatan petugas')}: `), h('span', { 'data-correction-note': '' }, c.note)),
    h('p', { class: 'body' }, t('Isian yang harus diperbaiki:')),
    h('ul', { class: 'list list--bullet', 'data-correction-fields': '' }, c.fields.map((f) => h('li', { 'data-field': f }, labelOf(f)))),
    c.dueAt ? h('p', { class: 'body' }, t('Kirim perbaikan paling lambat {date}.', { date: dateTime(c.dueAt) })) : null,
    resumeButton(app, t('Perbaiki permohonan')),
  );
}

/** A draft the completeness check sent back (a virus, a cross-check): it is the person's to fix again. */
const isReturned = (app: Application): boolean => app.status === 'draft' && !!app.reasons?.length;

function labelIn(def: FormDef | null, f: string | null): string | null {
  return (f && def?.pages.flatMap((p) => p.questions).find((q) => q.id === f.split('.')[0])?.label) || null;
}

/** One reason, led by the label of the question it is about. */
function reasonItem(def: FormDef | null, r: FieldProblem, attrs: Attrs | null = null): HTMLElement {
  const l = labelIn(def, r.field);
  return h('li', attrs, l ? h('strong', null, `${l}: `) : null, r.message);
}

/** Returned by the completeness check: what to fix, field by field, and the way back into the form. */
function returnedBox(app: Application, def: FormDef | null): HTMLElement | null {
  if (!isReturned(app)) return null;
  return h(
    'div',
    { class: 'correction', 'data-returned': '' },
    h('h2', { class: 'heading-m' }, t('Permohonan dikembalikan kepada Anda')),
    h('p', { class: 'body' }, t('Pemeriksaan kelengkapan menemukan hal yang perlu diperbaiki. Perbaiki isian berikut, lalu kirim permohonan lagi.')),
    h(
      'ul',
      { class: 'list list--bullet', 'data-returned-fields': '' },
      (app.reasons || []).map((r) => reasonItem(def, r, { 'data-field': r.field || '' })),
    ),
    resumeButton(app, t('Perbaiki permohonan')),
  );
}

/** The "sent" banner belongs to an application on its way: not once it is issued, rejected or returned. */
const onItsWay = (app: Application): boolean => !['issued', 'rejected', 'draft', 'needs_correction', 'expired', 'deleted'].includes(app.status);

const NEXT: Record<string, string> = {
  received: 'Permohonan Anda sudah kami terima dan sedang diperiksa kelengkapannya. Halaman ini diperbarui otomatis.',
  awaiting_verification: 'Data Anda lengkap. Petugas instansi akan memeriksa permohonan Anda. Kami akan memberi tahu Anda bila ada perubahan.',
  approved: 'Permohonan Anda disetujui. Dokumen sedang diterbitkan.',
  issued: 'Dokumen Anda sudah terbit.',
  rejected: 'Permohonan Anda tidak dapat diproses. Baca alasannya di bawah, lalu ajukan permohonan baru bila perlu.',
  draft: 'Permohonan ini belum dikirim.',
};

function reasonsList(app: Application, def: FormDef | null): HTMLElement | null {
  if (!app.reasons?.length || isReturned(app)) return null;
  return h(
    'div',
    { class: 'reasons' },
    h('h2', { class: 'heading-m' }, t('Alasan penolakan')),
    h(
      'ul',
      { class: 'list list--bullet', 'data-reasons': '' },
      app.reasons.map((r) => reasonItem(def, r)),
    ),
  );
}

function details(app: Application, def: FormDef | null, payment: HTMLElement): Node[] {
  const rows: { key: string; value: Child }[] = [
    { key: t('Nomor permohonan'), value: h('span', { class: 'mono' }, app.id) },
    { key: t('Status'), value: tag(app.status, app.statusLabel) },
  ];
  if (app.renewalOf) rows.push({ key: t('Perpanjangan dari'), value: h('span', { class: 'mono' }, app.renewalOf) });
  if (app.submittedAt) rows.push({ key: t('Dikirim'), value: dateTime(app.submittedAt) });
  rows.push({ key: t('Terakhir diperbarui'), value: dateTime(app.updatedAt) });
  if (app.step && app.status === 'awaiting_verification') rows.push({ key: t('Tahap saat ini'), value: h('span', { 'data-step': app.step.id }, app.step.label) });
  if (app.documentNumber) rows.push({ key: t('Nomor dokumen'), value: h('span', { class: 'mono' }, app.documentNumber) });
  return [
    summaryList(rows),
    h('p', { class: 'body', 'data-next': '' }, app.nextAction || t(NEXT[app.status] || '')),
    correctionBox(app, def),
    returnedBox(app, def),
    app.invoice ? payment : null,
    reasonsList(app, def),
    app.status === 'draft' && !isReturned(app) ? resumeButton(app, t('Lanjutkan mengisi')) : null,
    app.status === 'rejected' ? linkButton(t('Ajukan permohonan baru'), `#/izin/${encodeURIComponent(app.permitId)}`) : null,
    app.timeline?.length ? [h('h2', { class: 'heading-m' }, t('Riwayat permohonan')), timeline(app.timeline)] : null,
  ].flat().filter(Boolean) as Node[];
}

export async function statusPage(ctx: Ctx): Promise<void> {
  const id = ctx.params.id;
  let app = await application(id, ctx.signal);
  const def = await form(app.permitId, ctx.signal).catch(() => null);
  const shown = flash();
  const submitted = shown?.kind === 'submitted';
  const resent = shown?.kind === 'resubmitted';

  // The payment panel is a lazy chunk (most applications never have an invoice); it is redrawn only when
  // the invoice changes, so its countdown and QR code survive the polls.
  const payment = h('div', { 'data-payment': '' });
  let shownInvoice = '';
  const invoiceKey = (a: Application): string => (a.invoice ? `${a.invoice.id}|${a.invoice.status}|${a.status}` : '');
  const showPayment = (): void => {
    const key = invoiceKey(app);
    if (key === shownInvoice) return;
    shownInvoice = key;
    if (!app.invoice) return replace(payment);
    const current = app;
    import('./payment')
      .then((m) => {
        if (app === current) m.paymentPanel({ h, replace, t, api, dateTime, rupiah, button, showProblems, summaryList, tag }, payment, app, { signal: ctx.signal, refresh: () => refresh(), expired: (e) => signInAgain(ctx, e.message) });
      })
      .catch(() => replace(payment, notice(t('Rincian pembayaran tidak dapat ditampilkan. Muat ulang halaman ini.'))));
  };
  const body = h('div', { class: 'status-body' }, details(app, def, payment));
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'status-live' });
  const problem = h('div');
  // The banner of the moment it was sent, only while it is on its way (polls may bring an outcome).
  const banner = h('div');
  const showBanner = (): void =>
    replace(
      banner,
      !onItsWay(app)
        ? null
        : submitted
          ? panel(t('Permohonan terkirim'), t('Nomor permohonan Anda'), h('br'), h('strong', { class: 'mono' }, app.id))
          : resent
            ? panel(t('Perbaikan terkirim'), t('Permohonan Anda kembali ke petugas untuk diperiksa.'))
            : null,
    );
  showBanner();

  ctx.mount(
    `${t('Status permohonan')} – ${app.permitName}`,
    backLink('#/permohonan', t('Permohonan Saya')),
    banner,
    ...heading(app.permitName, t('Status permohonan')),
    live,
    problem,
    body,
  );
  showPayment();

  // Processing is asynchronous: poll while something is still to happen.
  const started = Date.now();
  let timer = 0;
  let failures = 0;
  let busy = false;
  let again = false;
  const poll = async (): Promise<void> => {
    busy = true;
    try {
      const fresh = await application(id, ctx.signal);
      failures = 0;
      replace(problem);
      if (fresh.updatedAt !== app.updatedAt || fresh.status !== app.status || fresh.timeline?.length !== app.timeline?.length || invoiceKey(fresh) !== invoiceKey(app)) {
        const changed = fresh.status !== app.status;
        app = fresh;
        replace(body, ...details(app, def, payment));
        showPayment();
        showBanner();
        if (changed) live.textContent = t('Status permohonan berubah: {status}', { status: app.statusLabel });
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      failures += 1;
      replace(problem, notice(t('Status belum dapat diperbarui karena koneksi terganggu. Kami akan mencoba lagi.')));
    }
    busy = false;
    if (again && !ctx.signal.aborted) {
      again = false;
      void poll();
    } else schedule();
  };
  const schedule = (): void => {
    if (ctx.signal.aborted || FINAL.has(app.status)) return;
    // Every 1.5 s while processing is fresh, then less often (a person may take days to verify).
    const base = Date.now() - started < 120000 ? 1500 : 10000;
    timer = window.setTimeout(() => void poll(), Math.min(base * 2 ** failures, 30000));
  };
  /** Now, not at the next poll: after a payment elsewhere, an expiry, a new payment code. */
  const refresh = (): void => {
    if (busy) {
      again = true;
      return;
    }
    clearTimeout(timer);
    void poll();
  };
  // Back from the bank's app or another tab: look at once.
  const onFocus = (): void => {
    if (!FINAL.has(app.status) && document.visibilityState === 'visible') refresh();
  };
  document.addEventListener('visibilitychange', onFocus);
  ctx.onLeave(() => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onFocus);
  });
  schedule();
}

/** When the person last changed it: a draft's own edits (system changes move updatedAt too). */
const changedAt = (a: Application): string => (a.status === 'draft' && a.editedAt) || a.updatedAt;

export async function myApplications(ctx: Ctx): Promise<void> {
  const [{ applications }, held] = await Promise.all([
    api<{ applications: Application[] }>('GET', '/applications', undefined, ctx.signal),
    myPermits(ctx.signal).catch((): IssuedPermit[] => []),
  ]);
  const msg = flash();
  const problems = h('div');
  const sorted = [...applications].filter((a) => a.status !== 'deleted').sort((a, b) => (changedAt(a) < changedAt(b) ? 1 : -1));
  const title = t('Permohonan Saya');
  ctx.mount(
    title,
    msg?.kind === 'saved' ? panel(t('Draf disimpan'), msg.message) : null,
    msg?.kind === 'deleted' ? panel(t('Draf dihapus'), msg.message) : null,
    problems,
    ...heading(title),
    renewalBanner(ctx, held, problems),
    sorted.length
      ? h(
          'ul',
          { class: 'card-list' },
          sorted.map((a) => {
            const id = encodeURIComponent(a.id);
            const draft = a.status === 'draft';
            const href = draft ? `#/permohonan/${id}/lanjutkan` : `#/permohonan/${id}`;
            return h(
              'li',
              { class: 'card', 'data-application': a.id },
              h('h2', { class: 'card__title' }, h('a', { href }, a.permitName)),
              h('p', { class: 'card__status' }, tag(a.status, a.statusLabel)),
              h(
                'p',
                { class: 'card__meta' },
                `${t('Nomor')}: `,
                h('span', { class: 'mono' }, a.id),
                h('br'),
                draft
                  ? h('span', { 'data-changed': '' }, `${t('Terakhir diubah')}: ${dateTime(changedAt(a))}`)
                  : `${t('Terakhir diperbarui')}: ${dateTime(a.updatedAt)}`,
                a.invoice && a.status === 'awaiting_payment'
                  ? [h('br'), t('Tagihan {amount}, bayar sebelum {date}', { amount: rupiah(a.invoice.total), date: dateTime(a.invoice.expiresAt) })]
                  : null,
              ),
              a.status === 'awaiting_payment' || a.status === 'payment_expired'
                ? h(
                    'ul',
                    { class: 'card__actions' },
                    h('li', null, h('a', { href, 'data-pay': '' }, a.status === 'awaiting_payment' ? t('Bayar tagihan') : t('Minta kode pembayaran baru'), h('span', { class: 'visually-hidden' }, ` ${a.permitName}`))),
                  )
                : null,
              draft
                ? h(
                    'ul',
                    { class: 'card__actions' },
                    h('li', null, h('a', { href }, t('Lanjutkan mengisi'), h('span', { class: 'visually-hidden' }, ` ${a.permitName}`))),
                    h('li', null, h('a', { href: `#/permohonan/${id}/hapus`, 'data-delete': '' }, t('Hapus draf'), h('span', { class: 'visually-hidden' }, ` ${a.permitName}`))),
                  )
                : null,
            );
          }),
        )
      : h('p', { class: 'body' }, t('Anda belum memiliki permohonan.')),
    linkButton(t('Ajukan izin baru'), '#/', sorted.length ? 'button--secondary' : ''),
  );
}

/** "Hapus draf": a confirmation page, then DELETE; a sent application cannot be deleted. */
export async function deleteDraft(ctx: Ctx): Promise<void> {
  const app = await application(ctx.params.id, ctx.signal);
  if (app.status !== 'draft') {
    go(app.status === 'deleted' ? '/permohonan' : `/permohonan/${encodeURIComponent(app.id)}`, true);
    return;
  }
  const problems = h('div');
  const yes = button(t('Ya, hapus draf'), { class: 'button button--warning' });
  const title = t('Hapus draf ini?');
  ctx.mount(
    `${title} – ${app.permitName}`,
    backLink('#/permohonan', t('Permohonan Saya')),
    problems,
    ...heading(title, app.permitName),
    summaryList([
      { key: t('Nomor permohonan'), value: h('span', { class: 'mono' }, app.id) },
      { key: t('Terakhir diubah'), value: dateTime(changedAt(app)) },
    ]),
    h('p', { class: 'body' }, t('Jawaban dan berkas di draf ini akan dihapus dan tidak dapat dikembalikan. Anda tetap dapat mengajukan izin ini lagi dari awal.')),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          yes.disabled = true;
          try {
            await api<Application>('DELETE', `/applications/${encodeURIComponent(app.id)}`);
            flash({ kind: 'deleted', message: t('Draf permohonan {name} sudah dihapus.', { name: app.permitName }) });
            go('/permohonan');
          } catch (err) {
            yes.disabled = false;
            const e2 = err as ApiError;
            if (e2.code === 'session_expired') return signInAgain(ctx, e2.message);
            showProblems(problems, [{ message: e2.message }]);
          }
        },
      },
      h('div', { class: 'button-group' }, yes, h('a', { class: 'link-action', href: '#/permohonan' }, t('Batal'))),
    ),
  );
}

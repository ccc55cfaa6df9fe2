// One application for a staff member: answers, evidence (short-lived links), history, and the decision.
import { h, type Child } from '../../dom';
import { t } from '../../i18n';
import { api, ApiError, form, session, hasRole, type Application, type Invoice } from '../../api';
import { dateTime, rupiah } from '../../format';
import { answerLines, regionNames } from '../../answers';
import { backLink, button, heading, showProblems, summaryList, tag, timeline, type Problem } from '../../ui';
import { errorLine, field, setErrorOn } from '../../fields';
import { flash, go, render, type Ctx } from '../../router';
import { staffGuard } from '../guard';
import { actionError, slaTag, type Step } from './common';
import { applicants, assign } from './queue';

type StaffApplication = Application & {
  step?: Step | null;
  uploads: Record<string, { filename: string; key: string; url?: string; status?: string }>;
};

function textArea(id: string, labelText: string, hint: string): { group: HTMLElement; input: HTMLTextAreaElement; q: { id: string; type: 'textarea'; label: string; hint: string } } {
  const q = { id, type: 'textarea' as const, label: labelText, hint };
  const input = h('textarea', { class: 'textarea', id, name: id, rows: 4, maxlength: 1000, 'aria-describedby': `${id}-hint` });
  const group = h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: id }, labelText),
    h('div', { class: 'hint', id: `${id}-hint` }, hint),
    errorLine(id),
    input,
  );
  return { group, input, q };
}

/** "350000", "350.000" or "Rp 350.000" as whole rupiah; null when it is not a positive whole amount. */
function parseRupiah(text: string): number | null {
  const v = text.replace(/^rp\.?/i, '').replace(/\s+/g, '');
  const digits = /^\d+$/.test(v) ? v : /^\d{1,3}(\.\d{3})+$/.test(v) ? v.replace(/\./g, '') : '';
  const n = digits ? Number(digits) : 0;
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

/** The invoice as staff see it: amount, state, the bank's reference once paid. */
function invoiceSection(inv: Invoice): HTMLElement[] {
  const rows: { key: string; value: Child }[] = [
    { key: t('Nomor tagihan'), value: h('span', { class: 'mono' }, inv.id) },
    { key: t('Jumlah'), value: h('strong', { 'data-invoice-total': '' }, rupiah(inv.total)) },
    ...inv.lines.map((l) => ({ key: `– ${l.label}`, value: rupiah(l.amount) })),
    { key: t('Status pembayaran'), value: h('span', { 'data-invoice-status': inv.status }, tag(`invoice_${inv.status}`, inv.statusLabel)) },
  ];
  if (inv.status === 'unpaid') rows.push({ key: t('Bayar sebelum'), value: dateTime(inv.expiresAt) });
  if (inv.payment) {
    rows.push(
      { key: t('Dibayar'), value: dateTime(inv.paidAt) },
      { key: t('Cara bayar'), value: inv.payment.channel === 'QRIS' ? 'QRIS' : t('Virtual account') },
      { key: t('Nomor referensi bank'), value: h('span', { class: 'mono', 'data-bank-reference': '' }, inv.payment.bankReference) },
    );
  }
  return [h('h2', { class: 'heading-m' }, t('Pembayaran')), summaryList(rows)];
}

export async function staffApplication(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ['verifier', 'approver'])) return;
  const id = ctx.params.id;
  const app = await api<StaffApplication>('GET', `/staff/applications/${encodeURIComponent(id)}`, undefined, ctx.signal);
  const def = await form(app.permitId, ctx.signal).catch(() => null);
  const questions = def ? def.pages.flatMap((p) => p.questions) : [];
  const problems = h('div');
  const me = session()?.user;

  const names = await regionNames(questions, app.answers || {}, ctx.signal);
  const answerRows = questions.length
    ? questions
        .filter((q) => q.type !== 'file')
        .map((q) => {
          const lines = answerLines(q, app.answers?.[q.id], names);
          return {
            key: q.label,
            value: !lines.length
              ? h('span', { class: 'muted' }, t('Tidak diisi'))
              : q.type === 'group'
                ? h('ul', { class: 'list answer-rows' }, lines.map((l) => h('li', null, l)))
                : h('span', { 'data-answer': q.id }, lines[0]),
          };
        })
    : Object.entries(app.answers || {}).map(([k, v]) => ({ key: k, value: typeof v === 'object' ? JSON.stringify(v) : String(v) }));
  const fileQs = questions.filter((q) => q.type === 'file');
  const uploadRows = (fileQs.length ? fileQs.map((q) => [q.id, q.label] as const) : Object.keys(app.uploads || {}).map((k) => [k, k] as const)).map(
    ([k, l]) => ({
      key: l,
      value: app.uploads?.[k]
        ? [
            h('span', { 'data-upload': k }, app.uploads[k].filename),
            // A short-lived viewing link (5 minutes), only for evidence that passed the checks.
            app.uploads[k].url
              ? [' ', h('a', { href: app.uploads[k].url, target: '_blank', rel: 'noopener', 'data-evidence': k }, t('Lihat berkas'), h('span', { class: 'visually-hidden' }, ` ${l}`))]
              : [' ', h('span', { class: 'muted' }, app.uploads[k].status === 'rejected' ? t('(ditolak pemeriksaan berkas)') : t('(belum lolos pemeriksaan)'))],
          ]
        : h('span', { class: 'muted' }, t('Tidak diunggah')),
    }),
  );

  const step = app.step;
  const seq = step?.seq;
  const decide = async (decision: 'approve' | 'reject' | 'send_back', body: Record<string, unknown>, btns: HTMLButtonElement[]): Promise<void> => {
    btns.forEach((b) => (b.disabled = true));
    try {
      const done = await api<Application>('POST', `/staff/applications/${encodeURIComponent(id)}/decision`, { decision, stepSeq: seq, ...body });
      const who = applicants.get(id) || app.applicantName;
      flash({
        kind: 'decided',
        title: decision === 'approve' ? t('Permohonan disetujui') : decision === 'reject' ? t('Permohonan ditolak') : t('Permohonan dikembalikan untuk perbaikan'),
        message: t('{permit} atas nama {name} (nomor {id}). Status sekarang: {status}.', {
          permit: done.permitName,
          name: who || '-',
          id: done.id,
          status: done.statusLabel,
        }),
      });
      go('/petugas');
    } catch (err) {
      const e = err as ApiError;
      btns.forEach((b) => (b.disabled = false));
      if (e.code === 'session_expired') throw e;
      const list: Problem[] = e.fields?.length
        ? e.fields.map((f) => ({
            target: f.field === 'reason' ? (decision === 'reject' ? 'reason' : 'note') : f.field === 'fields' ? firstFix : f.field === 'assessedFee' ? fee?.target : null,
            message: f.message,
          }))
        : [{ message: actionError(e) }];
      fee?.setError(e.fields?.find((f) => f.field === 'assessedFee')?.message ?? null);
      const reasonMsg = e.fields?.find((f) => f.field === 'reason')?.message;
      if (reasonMsg && decision === 'reject') setErrorOn(reject.group, 'reason', [reject.input], reject.q, reasonMsg);
      if (reasonMsg && decision === 'send_back') setErrorOn(note.group, 'note', [note.input], note.q, reasonMsg);
      showProblems(problems, list);
      if (e.status === 409) {
        problems.querySelector('.error-summary')?.append(button(t('Muat ulang'), { type: 'button', class: 'button button--secondary', onclick: () => void render() }));
      }
    }
  };

  const reject = textArea('reason', t('Alasan penolakan'), t('Alasan ini dikirim ke pemohon. Jelaskan apa yang salah dan apa yang harus diperbaiki.'));
  const note = textArea('note', t('Catatan perbaikan untuk pemohon'), t('Jelaskan apa yang harus diperbaiki pada isian yang Anda pilih.'));
  const fieldChoices = questions.map((q) =>
    h(
      'div',
      { class: 'checkboxes__item' },
      h('input', { class: 'checkbox', type: 'checkbox', id: `fix-${q.id}`, name: 'fields', value: q.id }),
      h('label', { class: 'label checkboxes__label', for: `fix-${q.id}` }, q.label),
    ),
  );
  const firstFix = questions.length ? `fix-${questions[0].id}` : null;
  const fieldsQ = { id: 'fields', type: 'radio' as const, label: t('Isian yang harus diperbaiki'), hint: t('Pilih paling sedikit satu. Pemohon hanya dapat mengubah isian ini.') };
  const fieldsGroup = h(
    'div',
    { class: 'form-group', id: 'fields-group' },
    h(
      'fieldset',
      { class: 'fieldset', 'aria-describedby': 'fields-hint' },
      h('legend', { class: 'label fieldset__legend' }, t('Isian yang harus diperbaiki')),
      h('div', { class: 'hint', id: 'fields-hint' }, t('Pilih paling sedikit satu. Pemohon hanya dapat mengubah isian ini.')),
      errorLine('fields'),
      h('div', { class: 'checkboxes' }, fieldChoices),
    ),
  );

  // A fee the agency computes (the vehicle tax): the last step's approval sets the amount billed.
  const fee =
    app.feeRule === 'computed' && step?.last
      ? field(
          {
            id: 'assessedFee',
            type: 'number',
            label: t('Jumlah tagihan hasil penetapan (Rp)'),
            hint: t('Angka bulat tanpa titik, misalnya 350000. Pemohon membayar jumlah ini setelah Anda menyetujui.'),
            required: true,
            maxLength: 17,
          },
          '',
        )
      : null;
  const feeEcho = h('p', { class: 'hint', 'aria-live': 'polite', 'data-fee-echo': '' });
  fee?.el.addEventListener('input', () => {
    const n = parseRupiah(fee.value());
    feeEcho.textContent = n ? t('Tagihan: {amount}', { amount: rupiah(n) }) : '';
  });
  const approve = (): void => {
    if (!fee) return void decide('approve', {}, all);
    const n = parseRupiah(fee.value());
    const m = n ? null : t('Isi jumlah tagihan dalam rupiah: angka bulat lebih dari 0, tanpa titik, misalnya 350000.');
    fee.setError(m);
    if (m) return showProblems(problems, [{ target: fee.target, message: m }]);
    showProblems(problems, []);
    void decide('approve', { assessedFee: n }, all);
  };

  const approveBtn = button(t('Setujui'));
  const rejectBtn = button(t('Tolak'), { class: 'button button--warning' });
  const backBtn = button(t('Kembalikan untuk perbaikan'), { class: 'button button--secondary' });
  const all = [approveBtn, rejectBtn, backBtn];
  const waiting = app.status === 'awaiting_verification' && !!step;
  const mine = !!step?.assignee && step.assignee === me?.name;

  const claim = waiting
    ? step?.assignee
      ? mine
        ? button(t('Lepaskan'), { type: 'button', class: 'button button--secondary', 'data-release': '' })
        : null
      : button(t('Ambil'), { type: 'button', class: 'button button--secondary', 'data-claim': '' })
    : null;
  claim?.addEventListener('click', async () => {
    if (await assign(id, mine ? null : 'me', problems, claim)) void render();
  });

  const decision = waiting
    ? h(
        'section',
        { class: 'decision', 'aria-labelledby': 'decision-title' },
        h('h2', { class: 'heading-m', id: 'decision-title' }, t('Keputusan')),
        h(
          'form',
          { novalidate: true, 'data-approve': '', onsubmit: (e: Event) => (e.preventDefault(), approve()) },
          h('p', { class: 'body' }, t('Setujui bila data dan dokumen sudah benar dan sesuai.')),
          fee ? [fee.el, feeEcho] : null,
          approveBtn,
        ),
        h(
          'form',
          {
            novalidate: true,
            class: 'decision__back',
            'data-send-back': '',
            onsubmit: (e: Event) => {
              e.preventDefault();
              const fields = fieldChoices.map((c) => c.querySelector('input') as HTMLInputElement).filter((i) => i.checked).map((i) => i.value);
              const text = note.input.value.trim();
              const list: Problem[] = [];
              const fm = fields.length ? null : t('Pilih paling sedikit satu isian yang harus diperbaiki pemohon.');
              const nm = text.length < 5 ? t('Tuliskan catatan perbaikan (paling sedikit 5 karakter) agar pemohon tahu apa yang harus diperbaiki.') : null;
              setErrorOn(fieldsGroup, 'fields', [], fieldsQ, fm);
              if (fm) list.push({ target: firstFix, message: fm });
              setErrorOn(note.group, 'note', [note.input], note.q, nm);
              if (nm) list.push({ target: 'note', message: nm });
              showProblems(problems, list);
              if (!list.length) void decide('send_back', { fields, reason: text }, all);
            },
          },
          h('h3', { class: 'heading-s' }, t('Atau kembalikan untuk perbaikan')),
          fieldsGroup,
          note.group,
          backBtn,
        ),
        h(
          'form',
          {
            novalidate: true,
            class: 'decision__reject',
            onsubmit: (e: Event) => {
              e.preventDefault();
              const reason = reject.input.value.trim();
              const m = reason.length < 5 ? t('Tuliskan alasan penolakan (paling sedikit 5 karakter) agar pemohon tahu apa yang harus dilakukan.') : null;
              setErrorOn(reject.group, 'reason', [reject.input], reject.q, m);
              if (m) return showProblems(problems, [{ target: 'reason', message: m }]);
              showProblems(problems, []);
              void decide('reject', { reason }, all);
            },
          },
          h('h3', { class: 'heading-s' }, t('Atau tolak permohonan')),
          reject.group,
          rejectBtn,
        ),
      )
    : h('p', { class: 'body' }, t('Permohonan ini tidak sedang menunggu keputusan Anda.'));

  const who = applicants.get(id) || app.applicantName;
  const rows: { key: string; value: Child }[] = [
    { key: t('Nomor permohonan'), value: h('span', { class: 'mono' }, app.id) },
    { key: t('Status'), value: tag(app.status, app.statusLabel) },
    { key: t('Dikirim'), value: dateTime(app.submittedAt || app.updatedAt) },
  ];
  if (step && waiting) {
    rows.push(
      { key: t('Tahap'), value: step.label },
      { key: t('Batas waktu'), value: [dateTime(step.dueAt), ' ', slaTag(step.stage, step.dueAt)] },
      { key: t('Petugas'), value: h('span', { 'data-assignee': '' }, mine ? t('Anda') : step.assignee || t('Belum diambil')) },
    );
  }
  ctx.mount(
    `${t('Periksa permohonan')} – ${app.permitName}`,
    backLink('#/petugas', t('Kembali ke daftar tugas')),
    problems,
    ...heading(app.permitName, who ? t('Pemohon: {name}', { name: who }) : t('Periksa permohonan')),
    summaryList(rows),
    claim,
    app.invoice ? invoiceSection(app.invoice) : null,
    h('h2', { class: 'heading-m' }, t('Jawaban pemohon')),
    summaryList(answerRows),
    h('h2', { class: 'heading-m' }, t('Dokumen')),
    h('p', { class: 'hint' }, t('Tautan berkas berlaku 5 menit. Muat ulang halaman untuk tautan baru.')),
    summaryList(uploadRows),
    decision,
    app.timeline?.length ? [h('h2', { class: 'heading-m' }, t('Riwayat permohonan')), timeline(app.timeline)] : null,
    hasRole(me, 'agency_admin', 'system_admin') ? h('p', { class: 'body' }, h('a', { href: `#/petugas/audit/${encodeURIComponent(id)}` }, t('Jejak audit'))) : null,
  );
}

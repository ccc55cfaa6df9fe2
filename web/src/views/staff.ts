// The staff console ("Petugas"): tasks waiting for verification, one application, a decision.
import { h } from '../dom';
import { t } from '../i18n';
import { api, ApiError, form, hasRole, homeOf, session, type Application, type Task } from '../api';
import { dateTime } from '../format';
import { answerLines, regionNames } from '../answers';
import { backLink, button, heading, panel, showProblems, summaryList, tag, timeline, type Problem } from '../ui';
import { errorLine, setErrorOn } from '../fields';
import { flash, go, render, type Ctx } from '../router';
import { staffGuard } from './guard';

const applicants = new Map<string, string>(); // applicationId -> applicant name, from the task list

export async function tasks(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx)) return;
  const user = session()?.user;
  if (!hasRole(user, 'verifier', 'approver') && homeOf(user) !== '/petugas') {
    go(homeOf(user), true); // counter staff and admins have consoles of their own
    return;
  }
  const r = await api<{ tasks: Task[] }>('GET', '/staff/tasks', undefined, ctx.signal);
  const msg = flash();
  for (const task of r.tasks) applicants.set(task.applicationId, task.applicantName);
  const title = t('Daftar tugas verifikasi');
  ctx.mount(
    title,
    msg?.kind === 'decided' ? panel(msg.title, msg.message) : null,
    ...heading(title, session()?.user.name),
    r.tasks.length
      ? [
          h('p', { class: 'body' }, t('{n} permohonan menunggu pemeriksaan Anda.', { n: r.tasks.length })),
          h(
            'ul',
            { class: 'card-list' },
            r.tasks.map((task) =>
              h(
                'li',
                { class: 'card', 'data-task': task.applicationId },
                h(
                  'h2',
                  { class: 'card__title' },
                  h('a', { href: `#/petugas/permohonan/${encodeURIComponent(task.applicationId)}` }, task.applicantName || task.applicationId),
                ),
                h('p', { class: 'card__text' }, task.permitName),
                h('p', { class: 'card__status' }, tag(task.status, task.statusLabel)),
                h(
                  'p',
                  { class: 'card__meta' },
                  `${t('Dikirim')}: ${dateTime(task.submittedAt)}`,
                  h('br'),
                  `${t('Nomor')}: `,
                  h('span', { class: 'mono' }, task.applicationId),
                ),
              ),
            ),
          ),
        ]
      : h('p', { class: 'body' }, t('Tidak ada permohonan yang menunggu verifikasi.')),
    button(t('Muat ulang daftar'), { type: 'button', class: 'button button--secondary', onclick: () => void render() }),
  );
}

export async function staffApplication(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ['verifier', 'approver'])) return;
  const id = ctx.params.id;
  const app = await api<Application>('GET', `/staff/applications/${encodeURIComponent(id)}`, undefined, ctx.signal);
  const def = await form(app.permitId, ctx.signal).catch(() => null);
  const questions = def ? def.pages.flatMap((p) => p.questions) : [];
  const problems = h('div');

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
                : lines[0],
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
            // A viewing link, when the API offers one (a short-lived presigned GET).
            app.uploads[k].url ? [' ', h('a', { href: app.uploads[k].url, target: '_blank', rel: 'noopener' }, t('Lihat berkas'))] : null,
          ]
        : h('span', { class: 'muted' }, t('Tidak diunggah')),
    }),
  );

  const decide = async (decision: 'approve' | 'reject', reason: string, btns: HTMLButtonElement[]): Promise<void> => {
    btns.forEach((b) => (b.disabled = true));
    try {
      const done = await api<Application>('POST', `/staff/applications/${encodeURIComponent(id)}/decision`, decision === 'reject' ? { decision, reason } : { decision });
      const who = applicants.get(id);
      flash({
        kind: 'decided',
        title: decision === 'approve' ? t('Permohonan disetujui') : t('Permohonan ditolak'),
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
        ? e.fields.map((f) => ({ target: f.field === 'reason' ? 'reason' : null, message: f.message }))
        : [{ message: e.message }];
      const reasonMsg = e.fields?.find((f) => f.field === 'reason')?.message;
      if (reasonMsg) setErrorOn(reasonGroup, 'reason', [reasonInput], reasonQ, reasonMsg);
      showProblems(problems, list);
    }
  };

  const reasonQ = {
    id: 'reason',
    type: 'textarea' as const,
    label: t('Alasan penolakan'),
    hint: t('Alasan ini dikirim ke pemohon. Jelaskan apa yang salah dan apa yang harus diperbaiki.'),
    example: t('Foto KTP-el tidak terbaca. Ajukan lagi dengan foto yang jelas dan tidak terpotong.'),
  };
  const reasonInput = h('textarea', { class: 'textarea', id: 'reason', name: 'reason', rows: 4, maxlength: 1000, 'aria-describedby': 'reason-hint reason-example' });
  const reasonGroup = h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: 'reason' }, reasonQ.label),
    h('div', { class: 'hint', id: 'reason-hint' }, reasonQ.hint),
    h('div', { class: 'example', id: 'reason-example' }, h('span', { class: 'example__label' }, t('Contoh pengisian:')), ' ', reasonQ.example),
    errorLine('reason'),
    reasonInput,
  );
  const approveBtn = button(t('Setujui'));
  const rejectBtn = button(t('Tolak'), { class: 'button button--warning' });
  const both = [approveBtn, rejectBtn];
  const waiting = app.status === 'awaiting_verification';

  const decision = waiting
    ? h(
        'section',
        { class: 'decision', 'aria-labelledby': 'decision-title' },
        h('h2', { class: 'heading-m', id: 'decision-title' }, t('Keputusan')),
        h(
          'form',
          { novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void decide('approve', '', both)) },
          h('p', { class: 'body' }, t('Setujui bila data dan dokumen sudah benar dan sesuai.')),
          approveBtn,
        ),
        h(
          'form',
          {
            novalidate: true,
            class: 'decision__reject',
            onsubmit: (e: Event) => {
              e.preventDefault();
              const reason = reasonInput.value.trim();
              const m = reason.length < 5 ? t('Tuliskan alasan penolakan (paling sedikit 5 karakter) agar pemohon tahu apa yang harus dilakukan.') : null;
              setErrorOn(reasonGroup, 'reason', [reasonInput], reasonQ, m);
              if (m) return showProblems(problems, [{ target: 'reason', message: m }]);
              showProblems(problems, []);
              void decide('reject', reason, both);
            },
          },
          h('h3', { class: 'heading-s' }, t('Atau tolak permohonan')),
          reasonGroup,
          rejectBtn,
        ),
      )
    : h('p', { class: 'body' }, t('Permohonan ini tidak sedang menunggu keputusan Anda.'));

  const who = applicants.get(id);
  ctx.mount(
    `${t('Periksa permohonan')} – ${app.permitName}`,
    backLink('#/petugas', t('Kembali ke daftar tugas')),
    problems,
    ...heading(app.permitName, who ? t('Pemohon: {name}', { name: who }) : t('Periksa permohonan')),
    summaryList([
      { key: t('Nomor permohonan'), value: h('span', { class: 'mono' }, app.id) },
      { key: t('Status'), value: tag(app.status, app.statusLabel) },
      { key: t('Dikirim'), value: dateTime(app.submittedAt || app.updatedAt) },
    ]),
    h('h2', { class: 'heading-m' }, t('Jawaban pemohon')),
    summaryList(answerRows),
    h('h2', { class: 'heading-m' }, t('Dokumen')),
    summaryList(uploadRows),
    decision,
    app.timeline?.length ? [h('h2', { class: 'heading-m' }, t('Riwayat permohonan')), timeline(app.timeline)] : null,
  );
}

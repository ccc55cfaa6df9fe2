// The work queue: the steps this staff member may act on, most urgent first, with filters and claim/release.
import { h } from '../../dom';
import { t } from '../../i18n';
import { api, ApiError, hasRole, homeOf, session } from '../../api';
import { dateTime } from '../../format';
import { button, heading, panel, showProblems } from '../../ui';
import { flash, go, render, type Ctx } from '../../router';
import { staffGuard } from '../guard';
import { actionError, appHref, slaState, slaTag, STAGES, type StaffTask } from './common';

export const applicants = new Map<string, string>(); // applicationId -> applicant name, from the task list

const ASSIGNEE: [string, string][] = [
  ['all', 'Semua'],
  ['me', 'Tugas saya'],
  ['none', 'Belum diambil'],
];
const URGENCY = { overdue: 0, warning: 1, ok: 2 };

function select(id: string, text: string, options: [string, string][], value: string): HTMLElement {
  return h(
    'div',
    { class: 'form-group' },
    h('label', { class: 'label', for: id }, text),
    h('select', { class: 'select', id, name: id, value }, options.map(([v, l]) => h('option', { value: v }, l))),
  );
}

/** Claim ("Ambil", assignee "me") or release ("Lepaskan", null); then the list again. */
export async function assign(id: string, who: 'me' | null, problems: HTMLElement, btn?: HTMLButtonElement): Promise<boolean> {
  if (btn) btn.disabled = true;
  try {
    await api('PUT', `/staff/applications/${encodeURIComponent(id)}/assignment`, { assignee: who });
    return true;
  } catch (err) {
    const e = err as ApiError;
    if (e.code === 'session_expired') throw e;
    showProblems(problems, [{ message: actionError(e) }]);
    if (btn) btn.disabled = false;
    return false;
  }
}

export async function tasks(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx)) return;
  const user = session()?.user;
  if (!hasRole(user, 'verifier', 'approver') && homeOf(user) !== '/petugas') {
    go(homeOf(user), true); // counter staff and admins have consoles of their own
    return;
  }
  const permit = ctx.query.get('izin') || '';
  const stage = ctx.query.get('tahap') || '';
  const assignee = ctx.query.get('petugas') || 'all';
  const query = new URLSearchParams();
  if (permit) query.set('permit', permit);
  if (stage) query.set('stage', stage);
  if (assignee !== 'all') query.set('assignee', assignee);
  const qs = query.toString();
  const [r, everything] = await Promise.all([
    api<{ tasks: StaffTask[] }>('GET', `/staff/tasks${qs ? `?${qs}` : ''}`, undefined, ctx.signal),
    qs ? api<{ tasks: StaffTask[] }>('GET', '/staff/tasks', undefined, ctx.signal).catch(() => ({ tasks: [] as StaffTask[] })) : null,
  ]);
  const msg = flash();
  const problems = h('div');
  for (const task of r.tasks) applicants.set(task.applicationId, task.applicantName);
  // The most urgent first: overdue, then near the limit, then by due time (the API's order).
  const list = [...r.tasks].sort((a, b) => URGENCY[slaState(a.stage, a.dueAt)] - URGENCY[slaState(b.stage, b.dueAt)] || (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  const permits = new Map<string, string>();
  for (const task of [...(everything?.tasks || []), ...r.tasks]) permits.set(task.permitId, task.permitName);

  const filters = h(
    'form',
    {
      class: 'filters',
      'data-filters': '',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = new FormData(e.target as HTMLFormElement);
        const next = new URLSearchParams();
        for (const [k, v] of [['izin', f.get('izin')], ['tahap', f.get('tahap')], ['petugas', f.get('petugas')]] as const) {
          if (v && v !== 'all') next.set(k, String(v));
        }
        const s = next.toString();
        go(`/petugas${s ? `?${s}` : ''}`);
      },
    },
    select('izin', t('Jenis izin'), [['', t('Semua')], ...[...permits.entries()].sort((a, b) => a[1].localeCompare(b[1]))], permit),
    select('tahap', t('Tenggat'), [['', t('Semua')], ...STAGES.map(([v, l]) => [v, t(l)] as [string, string])], stage),
    select('petugas', t('Petugas'), ASSIGNEE.map(([v, l]) => [v, t(l)] as [string, string]), assignee),
    h('div', { class: 'form-group' }, button(t('Terapkan'), { class: 'button button--secondary' })),
  );

  // The one bulk action that is safe: claiming. Decisions stay one application at a time, evidence in view.
  const unclaimed = list.filter((task) => !task.assignee);
  const claimAll =
    unclaimed.length > 1
      ? button(t('Ambil semua yang belum diambil ({n})', { n: unclaimed.length }), { type: 'button', class: 'button button--secondary', 'data-claim-all': '' })
      : null;
  claimAll?.addEventListener('click', async () => {
    claimAll.disabled = true;
    for (const task of unclaimed) await assign(task.applicationId, 'me', problems); // one taken meanwhile: said, the rest go on
    void render();
  });

  const title = t('Daftar tugas verifikasi');
  ctx.mount(
    title,
    msg?.kind === 'decided' ? panel(msg.title, msg.message) : null,
    problems,
    ...heading(title, session()?.user.name),
    h('p', { class: 'body' }, h('a', { href: '#/petugas/kinerja' }, t('Kinerja layanan'))),
    filters,
    list.length
      ? [
          h('p', { class: 'body' }, t('{n} permohonan menunggu pemeriksaan Anda.', { n: list.length })),
          claimAll,
          h(
            'ul',
            { class: 'card-list' },
            list.map((task) => {
              const claim = task.mine
                ? button(t('Lepaskan'), { type: 'button', class: 'button button--secondary', 'data-release': '' })
                : !task.assignee
                  ? button(t('Ambil'), { type: 'button', class: 'button button--secondary', 'data-claim': '' })
                  : null;
              claim?.addEventListener('click', async () => {
                if (await assign(task.applicationId, task.mine ? null : 'me', problems, claim)) void render();
              });
              return h(
                'li',
                { class: 'card', 'data-task': task.applicationId },
                h('h2', { class: 'card__title' }, h('a', { href: appHref(task.applicationId) }, task.applicantName || task.applicationId)),
                h('p', { class: 'card__text' }, task.permitName, ' · ', task.step.label),
                h('p', { class: 'card__status' }, slaTag(task.stage, task.dueAt)),
                h(
                  'p',
                  { class: 'card__meta' },
                  `${t('Batas waktu')}: ${dateTime(task.dueAt)}`,
                  h('br'),
                  `${t('Dikirim')}: ${dateTime(task.submittedAt)}`,
                  h('br'),
                  `${t('Nomor')}: `,
                  h('span', { class: 'mono' }, task.applicationId),
                  h('br'),
                  h('span', { 'data-assignee': '' }, `${t('Petugas')}: ${task.mine ? t('Anda') : task.assignee || t('Belum diambil')}`),
                ),
                claim,
              );
            }),
          ),
        ]
      : h('p', { class: 'body' }, qs ? t('Tidak ada tugas yang cocok dengan saringan ini.') : t('Tidak ada permohonan yang menunggu verifikasi.')),
    button(t('Muat ulang daftar'), { type: 'button', class: 'button button--secondary', onclick: () => void render() }),
  );
}

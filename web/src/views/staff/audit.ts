// The audit trail of one application, for the agency admin: who saw or did what, when, and from where.
import { h } from '../../dom';
import { t } from '../../i18n';
import { api } from '../../api';
import { dateTime } from '../../format';
import { ROLE, backLink, button, heading } from '../../ui';
import { go, type Ctx } from '../../router';
import { staffGuard } from '../guard';

interface AuditEntry {
  at: string;
  action: string;
  outcome: string;
  actorId: string;
  actorRole: string;
  actorAgency: string | null;
  sourceIp: string | null;
  data: Record<string, unknown>;
}
interface AppEvent {
  seq: number;
  type: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
}

const ACTION: Record<string, string> = {
  view_application: 'Membuka data permohonan',
  decision_approve: 'Menyetujui',
  decision_reject: 'Menolak',
  decision_send_back: 'Mengembalikan untuk perbaikan',
  assign: 'Mengambil atau melepas tugas',
};

const EVENT: Record<string, string> = {
  created: 'Draf dibuat',
  answers_saved: 'Jawaban disimpan',
  upload_requested: 'Dokumen diunggah',
  evidence_checked: 'Dokumen diperiksa',
  document_reused: 'Dokumen dipakai ulang',
  submitted: 'Permohonan dikirim',
  validated: 'Kelengkapan diperiksa',
  step_started: 'Tahap dimulai',
  claimed: 'Tugas diambil',
  assigned: 'Tugas dialihkan',
  sent_back: 'Dikembalikan untuk perbaikan',
  resubmitted: 'Perbaikan dikirim',
  step_passed: 'Tahap disetujui',
  approved: 'Disetujui',
  rejected: 'Ditolak',
  issued: 'Dokumen terbit',
  task_waiting: 'Menunggu petugas',
};
const role = (r: string | null): string | null => (r ? r.split(/[,+ ]+/).map((x) => t(ROLE[x] || x)).join(', ') : null);

/** "Jejak audit": an application number, then its trail. */
export async function auditPage(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx, ['agency_admin', 'system_admin'])) return;
  const id = ctx.params.id;
  const title = t('Jejak audit');
  const input = h('input', { class: 'input input--w20', id: 'application-id', name: 'id', value: id || '', autocomplete: 'off' });
  const ask = h(
    'form',
    { novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), input.value.trim() && go(`/petugas/audit/${encodeURIComponent(input.value.trim())}`)) },
    h('div', { class: 'form-group' }, h('label', { class: 'label', for: 'application-id' }, t('Nomor permohonan')), input),
    button(t('Tampilkan'), { class: 'button button--secondary' }),
  );
  if (!id) {
    ctx.mount(title, ...heading(title), ask);
    return;
  }
  const r = await api<{ events: AppEvent[]; access: AuditEntry[] }>('GET', `/staff/applications/${encodeURIComponent(id)}/audit`, undefined, ctx.signal);
  const cell = (v: unknown): HTMLElement => h('td', null, v === null || v === undefined || v === '' ? '–' : String(v));
  ctx.mount(
    `${title} – ${id}`,
    backLink('#/petugas/audit', t('Permohonan lain')),
    ...heading(title, id),
    h('h2', { class: 'heading-m' }, t('Akses dan tindakan petugas')),
    r.access.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', 'data-audit': '' },
            h('thead', null, h('tr', null, ['Waktu', 'Siapa', 'Peran', 'Tindakan', 'Hasil', 'Dari alamat'].map((x) => h('th', { scope: 'col' }, t(x))))),
            h(
              'tbody',
              null,
              r.access.map((e) =>
                h(
                  'tr',
                  null,
                  cell(dateTime(e.at, true)),
                  cell(e.actorId),
                  cell(role(e.actorRole)),
                  cell(t(ACTION[e.action] || e.action)),
                  cell(e.outcome === 'allowed' ? t('Diizinkan') : t('Ditolak')),
                  h('td', { class: 'mono' }, e.sourceIp || '–'),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'body' }, t('Belum ada akses petugas yang tercatat.')),
    h('h2', { class: 'heading-m' }, t('Peristiwa permohonan')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h('thead', null, h('tr', null, ['Waktu', 'Siapa', 'Peran', 'Peristiwa'].map((x) => h('th', { scope: 'col' }, t(x))))),
        h('tbody', null, r.events.map((e) => h('tr', null, cell(dateTime(e.at, true)), cell(e.actorId), cell(role(e.actorRole)), cell(t(EVENT[e.type] || e.type))))),
      ),
    ),
  );
}

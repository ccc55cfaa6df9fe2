// Shared pieces of the staff console (a lazy chunk: citizens never load it).
import { h } from '../../dom';
import { t } from '../../i18n';
import { ApiError } from '../../api';

export interface StaffTask {
  applicationId: string;
  permitId: string;
  permitName: string;
  applicantName: string;
  submittedAt: string;
  office: string | null;
  status: string;
  statusLabel: string;
  step: { id: string; label: string; seq: number };
  dueAt: string;
  stage: 'on_time' | 'warned' | 'escalated';
  overdue: boolean;
  assignee: string | null;
  mine: boolean;
  renewal: boolean;
}

export interface Step {
  id: string;
  label: string;
  role: string;
  seq: number;
  startedAt: string;
  dueAt: string;
  stage: string;
  assignee: string | null;
  /** Approving this step approves the application. */
  last?: boolean;
}

/** The SLA state of a step: overdue beats the stage the workflow's timers reached. */
export function slaState(stage: string, dueAt: string | null | undefined): 'ok' | 'warning' | 'overdue' {
  if (stage === 'escalated' || (dueAt && Date.parse(dueAt) < Date.now())) return 'overdue';
  return stage === 'warned' ? 'warning' : 'ok';
}

const SLA_LABEL = { ok: 'Tepat waktu', warning: 'Mendekati batas', overdue: 'Terlambat' };
export const STAGES: [string, string][] = [
  ['on_time', 'Tepat waktu'],
  ['warned', 'Mendekati batas'],
  ['escalated', 'Terlambat'],
];

export function slaTag(stage: string, dueAt: string | null | undefined): HTMLElement {
  const s = slaState(stage, dueAt);
  return h('strong', { class: `tag tag--sla-${s}`, 'data-sla': s }, t(SLA_LABEL[s]));
}

/** Hours as people say them: "45 menit", "3 jam 20 menit", "2 hari 4 jam". */
export function duration(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '–';
  const minutes = Math.round(hours * 60);
  if (minutes < 1) return t('< 1 menit');
  if (minutes < 60) return t('{m} menit', { m: minutes });
  if (minutes < 48 * 60) {
    const hh = Math.floor(minutes / 60);
    const mm = minutes % 60;
    return mm ? t('{h} jam {m} menit', { h: hh, m: mm }) : t('{h} jam', { h: hh });
  }
  const days = Math.floor(minutes / 1440);
  const hh = Math.round((minutes % 1440) / 60);
  return hh ? t('{d} hari {h} jam', { d: days, h: hh }) : t('{d} hari', { d: days });
}

export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`;

/** A refused action in words a staff member can act on (409: someone else was faster, or nothing waits). */
export function actionError(e: ApiError): string {
  if (e.status === 409 && e.code === 'already_decided')
    return t('Tahap ini sudah diputuskan (mungkin oleh petugas lain), jadi tindakan Anda tidak diterapkan. Muat ulang untuk melihat keadaan terbaru.');
  if (e.status === 409 && e.code === 'not_waiting')
    return t('Permohonan ini tidak sedang menunggu tindakan petugas, jadi tindakan Anda tidak diterapkan. Muat ulang untuk melihat keadaan terbaru.');
  if (e.status === 409) return t('Tindakan Anda tidak diterapkan karena keadaan permohonan sudah berubah. Muat ulang untuk melihat keadaan terbaru.');
  if (e.status === 403) return e.message || t('Peran Anda tidak mengizinkan tindakan ini.');
  return e.message;
}

export const appHref = (id: string): string => `#/petugas/permohonan/${encodeURIComponent(id)}`;

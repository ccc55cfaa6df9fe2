// "Kinerja layanan": received, decided, how long each step and the whole took, and the share within SLA.
import { h } from '../../dom';
import { t } from '../../i18n';
import { api, type Agency } from '../../api';
import { backLink, heading } from '../../ui';
import type { Ctx } from '../../router';
import { staffGuard } from '../guard';
import { duration, percent } from './common';

interface Figures {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}
interface StepMeasure extends Figures {
  step: string;
  label: string;
  slaHours: number;
  withinSla: number | null;
}
interface Measure {
  permitId: string;
  permitName: string;
  office: string | null;
  received: number;
  decided: number;
  endToEnd: Figures;
  steps: StepMeasure[];
  withinSla: number | null;
}

export async function measuresPage(ctx: Ctx): Promise<void> {
  if (!staffGuard(ctx)) return;
  // The office is named as staff know it (the directory's name), not by its id; the id if not found.
  const [r, offices] = await Promise.all([
    api<{ agency: string; measures: Measure[] }>('GET', '/staff/measures', undefined, ctx.signal),
    api<{ agencies: Agency[] }>('GET', '/agencies', undefined, ctx.signal)
      .then(({ agencies }) => new Map(agencies.flatMap((a) => a.offices.map((o) => [o.id, o.name] as const))))
      .catch((err: unknown) => {
        if ((err as { code?: string }).code === 'session_expired') throw err;
        return new Map<string, string>();
      }),
  ]);
  const title = t('Kinerja layanan');
  const th = (text: string, num = false): HTMLElement => h('th', { scope: 'col', class: num ? 'num' : null }, text);
  const td = (text: string | number, num = true): HTMLElement => h('td', { class: num ? 'num' : null }, String(text));
  const rows = r.measures.flatMap((m) => [
    h(
      'tr',
      { 'data-measure': m.permitId, 'data-office': m.office || '' },
      h('th', { scope: 'row' }, h('strong', null, m.permitName), h('br'), h('span', { class: 'muted' }, m.office ? offices.get(m.office) || m.office : t('Semua kantor'))),
      td(t('Dari dikirim sampai diputus'), false),
      td(m.received),
      td(m.decided),
      td(duration(m.endToEnd.medianHours)),
      td(duration(m.endToEnd.p90Hours)),
      td(percent(m.withinSla)),
    ),
    ...m.steps.map((s) =>
      h(
        'tr',
        { 'data-step': s.step },
        h('td', null, ''),
        td(`${s.label} (${t('SLA {sla}', { sla: duration(s.slaHours) })})`, false),
        td(''),
        td(s.count),
        td(duration(s.medianHours)),
        td(duration(s.p90Hours)),
        td(percent(s.withinSla)),
      ),
    ),
  ]);
  ctx.mount(
    title,
    backLink('#/petugas', t('Kembali ke daftar tugas')),
    ...heading(title, t('Waktu proses per jenis izin dan kantor')),
    h('p', { class: 'body' }, t('Median: separuh permohonan selesai lebih cepat dari ini. P90: 9 dari 10 permohonan selesai lebih cepat dari ini.')),
    r.measures.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', 'data-measures': '' },
            h('caption', { class: 'visually-hidden' }, title),
            h('thead', null, h('tr', null, th(t('Izin dan kantor')), th(t('Tahap')), th(t('Diterima'), true), th(t('Diputus'), true), th(t('Median'), true), th(t('P90'), true), th(t('Dalam SLA'), true))),
            h('tbody', null, rows),
          ),
        )
      : h('p', { class: 'body' }, t('Belum ada permohonan yang dikirim ke instansi Anda.')),
  );
}

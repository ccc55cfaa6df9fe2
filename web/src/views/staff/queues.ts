// "Antrean transaksi" (system admin): each queue with what waits, is in progress and failed five times
// (the dead-letter queue), what the failed messages are about, and sending them back once fixed.
import { h } from '../../dom';
import { t } from '../../i18n';
import { api } from '../../api';
import { dateTime } from '../../format';
import { button, heading, notice } from '../../ui';
import type { Ctx } from '../../router';
import { staffGuard } from '../guard';

interface QueueRow {
  name: string;
  label: string;
  waiting: number;
  inFlight: number;
  dead: number;
}
interface DeadLetter {
  messageId: string;
  sentAt: string;
  receiveCount: number;
  about: { applicationId?: string; kind?: string; step?: string };
}

export async function queuesPage(ctx: Ctx, done?: string): Promise<void> {
  if (!staffGuard(ctx, ['system_admin'])) return;
  const { queues } = await api<{ queues: QueueRow[] }>('GET', '/admin/queues', undefined, ctx.signal);
  const failed = await Promise.all(
    queues.filter((q) => q.dead > 0).map(async (q) => {
      const r = await api<{ messages: DeadLetter[] }>('GET', `/admin/queues/${q.name}/dead-letters`, undefined, ctx.signal);
      return [q, r.messages] as const;
    }),
  );
  const redrive = async (q: QueueRow): Promise<void> => {
    const r = await api<{ moved: number }>('POST', `/admin/queues/${q.name}/redrive`, {}, ctx.signal);
    await queuesPage(ctx, t('{n} pesan dikirim ulang ke antrean {q}.').replace('{n}', String(r.moved)).replace('{q}', q.name));
  };
  const title = t('Antrean transaksi');
  const num = (n: number): HTMLElement => h('td', { class: 'num' }, String(n));
  ctx.mount(
    title,
    ...heading(title),
    done ? notice(done) : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', 'data-queues': '' },
        h('thead', null, h('tr', null, ['Antrean', 'Menunggu', 'Sedang diproses', 'Gagal (DLQ)'].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t(x))))),
        h('tbody', null, queues.map((q) => h('tr', { 'data-queue': q.name }, h('th', { scope: 'row' }, q.label), num(q.waiting), num(q.inFlight), num(q.dead)))),
      ),
    ),
    failed.length
      ? failed.map(([q, messages]) =>
          h(
            'section',
            { 'data-dead-letters': q.name },
            h('h2', { class: 'heading-m' }, `${t('Gagal diproses')}: ${q.label}`),
            h('ul', { class: 'list' }, messages.map((m) =>
              h('li', null, `${m.about.applicationId || m.messageId} · ${m.about.kind || ''} ${m.about.step || ''} · ${t('dicoba')} ${m.receiveCount}× · ${dateTime(m.sentAt, true)}`))),
            button(t('Kirim ulang ke antrean'), { onclick: () => redrive(q) }),
          ),
        )
      : h('p', { class: 'body' }, t('Tidak ada pesan yang gagal diproses.')),
  );
}

// Izin Saya (R19): the permits issued to the citizen, their validity and state, and what can be done next:
// "Perpanjang" while the renewal is open, else why not, and a new application where that is the way on.
import { h } from '../dom';
import { t } from '../i18n';
import type { IssuedPermit } from '../api';
import { calendarDate } from '../format';
import { heading, linkButton, summaryList, tag } from '../ui';
import type { Ctx } from '../router';
import { myPermits, renewButton, validityLine } from './renew';

function why(p: IssuedPermit): string {
  if (p.renewal.opensOn) return t('Perpanjangan dapat diajukan mulai {date}.', { date: calendarDate(p.renewal.opensOn) });
  return p.renewal.reason || '';
}

function card(ctx: Ctx, p: IssuedPermit, problems: HTMLElement): HTMLElement {
  let next: (Node | null)[];
  if (p.renewal.allowed) {
    next = [renewButton(ctx, p, problems)];
  } else {
    const reason = why(p);
    // An expired permit that cannot be renewed is replaced by a new application.
    const fresh = p.renewal.newApplication || p.state === 'expired';
    next = [
      reason ? h('p', { class: 'body card__reason', 'data-reason': '' }, reason) : null,
      fresh ? linkButton(t('Ajukan permohonan baru'), `#/izin/${encodeURIComponent(p.permitId)}`, 'button--secondary') : null,
    ];
    if (fresh) (next[1] as HTMLElement).append(h('span', { class: 'visually-hidden' }, ` ${p.permitName} ${p.number}`));
  }
  const rows = [
    { key: t('Nomor izin'), value: h('span', { class: 'mono' }, p.number) },
    { key: t('Masa berlaku'), value: validityLine(p) },
    { key: t('Terbit'), value: calendarDate(p.issuedOn) },
  ];
  if (p.renewedBy) rows.push({ key: t('Diperpanjang dengan'), value: h('span', { class: 'mono' }, p.renewedBy) });
  if (p.previous) rows.push({ key: t('Perpanjangan dari'), value: h('span', { class: 'mono' }, p.previous) });
  return h(
    'li',
    { class: 'card', 'data-permit': p.number },
    h('h2', { class: 'card__title' }, p.permitName),
    h('p', { class: 'card__status' }, tag(p.state, p.stateLabel)),
    summaryList(rows),
    next,
  );
}

export async function myPermitsPage(ctx: Ctx): Promise<void> {
  const permits = await myPermits(ctx.signal);
  // What can be renewed now first; otherwise as the API lists them (newest first).
  const sorted = [...permits].sort((a, b) => Number(b.renewal.allowed) - Number(a.renewal.allowed));
  const problems = h('div');
  const title = t('Izin Saya');
  ctx.mount(
    title,
    problems,
    ...heading(title),
    h('p', { class: 'lead' }, t('Izin dan surat yang terbit atas nama Anda.')),
    sorted.length
      ? h('ul', { class: 'card-list' }, sorted.map((p) => card(ctx, p, problems)))
      : h('p', { class: 'body' }, t('Belum ada izin yang terbit atas nama Anda.')),
  );
}

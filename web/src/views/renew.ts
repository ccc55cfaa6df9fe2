// Renewing an issued permit (R19) in one click, from the home page, "Permohonan Saya" or "Izin Saya":
// the renewal draft carries every answer over, and the form asks only for what is missing.
import { h } from '../dom';
import { t } from '../i18n';
import { api, type ApiError, type Application, type IssuedPermit } from '../api';
import { calendarDate } from '../format';
import { button, showProblems } from '../ui';
import { go, signInAgain, type Ctx } from '../router';

export const myPermits = (signal?: AbortSignal): Promise<IssuedPermit[]> =>
  api<{ permits: IssuedPermit[] }>('GET', '/permits', undefined, signal).then((r) => r.permits);

/** "Perpanjang": POST the renewal (the open renewal draft again, if there is one), then straight to the
 * first page still missing something (usually the evidence upload), else the check page. */
export function renewButton(ctx: Ctx, p: IssuedPermit, problems: HTMLElement): HTMLButtonElement {
  const b = button(t('Perpanjang'), { type: 'button', 'data-renew': p.number });
  b.append(h('span', { class: 'visually-hidden' }, ` ${p.permitName} ${p.number}`));
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const app = await api<Application>('POST', `/permits/${encodeURIComponent(p.number)}/renewals`, {});
      go(await (await import('./form')).startAt(app, ctx.signal));
    } catch (err) {
      b.disabled = false;
      const e = err as ApiError;
      if (e.code === 'session_expired') return signInAgain(ctx, e.message);
      if (e.code !== 'aborted') showProblems(problems, [{ message: e.message }]);
    }
  });
  return b;
}

/** "Berlaku sampai 11 Desember 2026." or, renewed late, until when it still can be. */
export function validityLine(p: IssuedPermit): string {
  if (!p.validUntil) return t('Tanpa batas waktu');
  const until = calendarDate(p.validUntil);
  if (p.renewal.allowed && p.renewal.late && p.renewal.deadline) {
    return t('Masa berlaku habis {date}. Masih dapat diperpanjang sampai {deadline}.', { date: until, deadline: calendarDate(p.renewal.deadline) });
  }
  return t(p.state === 'expired' ? 'Berakhir {date}.' : 'Berlaku sampai {date}.', { date: until });
}

/** The permits whose renewal is open, at the top of the citizen's pages, each with "Perpanjang". */
export function renewalBanner(ctx: Ctx, permits: IssuedPermit[], problems: HTMLElement): HTMLElement | null {
  const due = permits.filter((p) => p.renewal.allowed);
  if (!due.length) return null;
  return h(
    'section',
    { class: 'banner', 'aria-labelledby': 'renew-title', 'data-renewals': '' },
    h('h2', { class: 'banner__title', id: 'renew-title' }, t('Izin Anda dapat diperpanjang')),
    h(
      'ul',
      { class: 'banner__list' },
      due.map((p) =>
        h(
          'li',
          { 'data-permit': p.number },
          h('p', null, h('strong', null, p.permitName), ' (', h('span', { class: 'mono' }, p.number), ')', h('br'), validityLine(p)),
          renewButton(ctx, p, problems),
        ),
      ),
    ),
  );
}

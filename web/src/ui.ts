// Building blocks following the GOV.UK Design System patterns, with Indonesian text.
import { h, type Child } from './dom';
import { t } from './i18n';
import { dateTime } from './format';
import type { TimelineEvent } from './api';

export function heading(text: string, caption?: string | null): HTMLElement[] {
  return [
    caption ? h('span', { class: 'caption' }, caption) : null,
    h('h1', { class: 'heading-l', tabindex: '-1' }, text),
  ].filter(Boolean) as HTMLElement[];
}

export function backLink(href: string, text = t('Kembali')): HTMLElement {
  return h('a', { class: 'back-link', href }, text);
}

/** Move focus to an element, e.g. a field from an error summary link, without touching the route. */
export function focusTarget(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.focus();
  (el.closest('.form-group') || el).scrollIntoView({ block: 'center' });
}

export interface Problem {
  target?: string | null; // id of the element to focus (a field), if any
  href?: string | null; // or a route to follow (e.g. the page where the field is)
  message: string;
}

/** The error summary at the top of the page: focused, announced, linked to the fields. */
export function errorSummary(problems: Problem[]): HTMLElement {
  const box = h(
    'div',
    { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
    h('h2', { class: 'error-summary__title', id: 'error-summary-title' }, t('Ada masalah')),
    h(
      'ul',
      { class: 'error-summary__list' },
      problems.map((p) =>
        h(
          'li',
          null,
          p.target
            ? h('a', {
                href: `#${p.target}`,
                onclick: (e: Event) => {
                  e.preventDefault();
                  focusTarget(p.target as string);
                },
              }, p.message)
            : p.href
              ? h('a', { href: p.href }, p.message)
              : p.message,
        ),
      ),
    ),
  );
  return box;
}

/** Show (or clear) the error summary in its slot, focus it, and mark the page title. */
export function showProblems(slot: HTMLElement, problems: Problem[]): void {
  slot.textContent = '';
  const title = document.title.replace(/^(Kesalahan|Error): /, '');
  if (!problems.length) {
    document.title = title;
    return;
  }
  const box = errorSummary(problems);
  slot.appendChild(box);
  document.title = `${t('Kesalahan')}: ${title}`;
  box.focus();
  box.scrollIntoView({ block: 'start' });
}

export function button(text: string, attrs: Record<string, unknown> = {}): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'button', 'data-module': 'button', ...attrs }, text);
}

export function linkButton(text: string, href: string, cls = ''): HTMLAnchorElement {
  return h('a', { href, role: 'button', class: `button ${cls}`.trim(), draggable: 'false' }, text);
}

export function tag(status: string, label: string): HTMLElement {
  return h('strong', { class: `tag tag--${status.replace(/[^a-z_]/g, '')}` }, label);
}

export function summaryList(rows: { key: string; value: Child; action?: Child }[]): HTMLElement {
  return h(
    'dl',
    { class: 'summary-list' },
    rows.map((r) =>
      h(
        'div',
        { class: 'summary-list__row' },
        h('dt', { class: 'summary-list__key' }, r.key),
        h('dd', { class: 'summary-list__value' }, r.value),
        r.action ? h('dd', { class: 'summary-list__actions' }, r.action) : null,
      ),
    ),
  );
}

export function panel(title: string, ...body: Child[]): HTMLElement {
  return h('div', { class: 'panel', role: 'status' }, h('h2', { class: 'panel__title' }, title), h('div', { class: 'panel__body' }, body));
}

export function inset(...body: Child[]): HTMLElement {
  return h('div', { class: 'inset' }, body);
}

export function notice(text: string): HTMLElement {
  return h('div', { class: 'notice', role: 'status' }, text);
}

export const ROLE: Record<string, string> = {
  citizen: 'Pemohon',
  system: 'Sistem',
  verifier: 'Petugas verifikasi',
  approver: 'Pejabat penyetuju',
  agency_admin: 'Admin instansi',
  system_admin: 'Admin sistem',
  counter: 'Petugas loket',
  treasurer: 'Bendahara',
};

export function timeline(events: TimelineEvent[]): HTMLElement {
  const items = [...events].reverse(); // newest first
  return h(
    'ol',
    { class: 'timeline' },
    items.map((e) =>
      h(
        'li',
        { class: 'timeline__item' },
        h('p', { class: 'timeline__label' }, e.label),
        h(
          'p',
          { class: 'timeline__meta' },
          h('time', { datetime: e.at }, dateTime(e.at)),
          e.actorRole ? ` · ${t(ROLE[e.actorRole] || 'Petugas')}` : '',
        ),
        e.note ? h('p', { class: 'timeline__note' }, `${t('Catatan petugas')}: ${e.note}`) : null,
      ),
    ),
  );
}

export function loading(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('Memuat…'));
}

/** The arrow of a GOV.UK start button. */
export function arrow(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({ class: 'button__arrow', width: '17.5', height: '19', viewBox: '0 0 33 40', 'aria-hidden': 'true', focusable: 'false' })) {
    svg.setAttribute(k, v);
  }
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M0 0h13l20 20-20 20H0l20-20z');
  svg.append(path);
  return svg;
}

// The controls of a permit's form page (lazy chunk with views/form.ts): every question type as one
// Control with a typed value (a number for `number`, rows for `group`), and errors by path relative to
// the question ('' for the question itself, '1.nama_produk' for a sub-question of row 2).
import { h } from '../dom';
import { t } from '../i18n';
import { regions, ApiError, type Answer, type Question, type Region } from '../api';
import { errorLine, extras, field, fieldId, label, setErrorOn, type Field } from '../fields';

export interface Control {
  q: Question;
  el: HTMLElement;
  /** The answer as sent to the API; null when empty. */
  value: () => Answer | null;
  /** Show these errors (by relative path), clearing any others. */
  setErrors: (errors: Map<string, string>) => void;
  /** The id of the element an error summary link should focus for a relative path. */
  targetOf: (path: string) => string;
}

type Row = Record<string, string | number>;

/** A typed answer from what the control holds: an integer for `number` (text that is not one is kept as
 * text, so the engine names the problem), null when empty. */
export function typed(q: Question, raw: string): string | number | null {
  const v = raw.trim();
  if (!v) return null;
  if (q.type === 'number' && /^[+-]?[0-9]{1,15}$/.test(v)) return Number(v);
  return v;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** text, textarea, date, number, select, radio: the shared field of fields.ts. */
export function simpleControl(q: Question, value: unknown): Control {
  const f = field(q, text(value));
  return {
    q,
    el: f.el,
    value: () => typed(q, f.value()),
    setErrors: (errors) => f.setError(errors.get('') ?? null),
    targetOf: () => f.target,
  };
}

export interface RegionControl extends Control {
  /** Fetch the choices for the parent's current answer (keeping the answer if it is among them). */
  reload: () => Promise<void>;
  /** The parent changed: forget the answer, then reload. */
  reset: () => Promise<void>;
}

/** A Kemendagri region: provinces, or the children of the answer to `choices.parent`. */
export function regionControl(q: Question, value: unknown, parent: { value: () => string; label: string } | null): RegionControl {
  const id = fieldId(q.id);
  let wanted = text(value); // the answer, also while the list is loading
  let turn = 0;
  const select = h('select', { class: 'select', id, name: q.id, disabled: true });
  const waiting = parent
    ? h('p', { class: 'hint region-wait', id: `${id}-wait`, hidden: true }, t('Pilih {parent} terlebih dahulu.', { parent: parent.label.toLowerCase() }))
    : null;
  const group = h(
    'div',
    { class: 'form-group', 'data-question': q.id, 'data-type': 'region' },
    h('label', { class: 'label', for: id, 'data-label': '' }, label(q)),
    ...extras(id, q),
    waiting,
    errorLine(id),
    select,
  );
  const setError = (m: string | null): void => setErrorOn(group, id, [select], q, m);
  setError(null); // sets aria-describedby
  const fill = (list: Region[], placeholder: string): void => {
    select.replaceChildren(h('option', { value: '' }, placeholder), ...list.map((r) => h('option', { value: r.code }, r.name)));
    select.value = list.some((r) => r.code === wanted) ? wanted : '';
    select.disabled = !list.length;
  };
  select.addEventListener('change', () => (wanted = select.value));
  const self: RegionControl = {
    q,
    el: group,
    value: () => wanted || null,
    setErrors: (errors) => setError(errors.get('') ?? null),
    targetOf: () => id,
    reload: async () => {
      const mine = ++turn;
      const code = parent ? parent.value() : '';
      if (waiting) waiting.hidden = !!code;
      if (parent && !code) {
        fill([], t('Pilih {parent} terlebih dahulu.', { parent: parent.label.toLowerCase() }));
        return;
      }
      fill([], t('Memuat…'));
      try {
        const list = await regions(code);
        if (mine === turn) fill(list, t('Pilih {label}', { label: q.label.toLowerCase() }));
      } catch (err) {
        if (mine !== turn) return;
        fill([], '—');
        setError((err as ApiError).message);
      }
    },
    reset: () => {
      wanted = '';
      return self.reload();
    },
  };
  return self;
}

/** "Produk" from "produk": row titles start with a capital. */
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A group: repeatable rows, each a fieldset of the sub-questions ("Produk 1", "Produk 2"), with
 * "Tambah produk" and "Hapus" buttons within minItems…maxItems. Rows are renumbered after a removal.
 */
export function groupControl(q: Question, value: unknown, name: string, onChange: () => void): Control {
  const id = fieldId(q.id);
  const subs = q.questions || [];
  const least = Math.max(1, q.minItems ?? 0);
  const most = q.maxItems ?? 50;
  let rows: { el: HTMLElement; fields: Field[] }[] = [];
  const list = h('div', { class: 'group-rows' });
  const add = h('button', { type: 'button', class: 'button button--secondary group-add', id: `${id}-tambah` }, t('Tambah {name}', { name }));
  const full = h('p', { class: 'hint', hidden: true }, t('Paling banyak {n} {name}.', { n: most, name }));
  const fs = h(
    'fieldset',
    { class: 'fieldset' },
    h('legend', { class: 'fieldset__legend', 'data-label': '' }, label(q)),
    extras(id, q),
    errorLine(id),
    list,
    full,
    add,
  );
  const group = h('div', { class: 'form-group', 'data-question': q.id, 'data-type': 'group' }, fs);
  const subId = (i: number, sub: string): string => `${q.id}-${i}-${sub}`;

  const current = (): Record<string, string>[] =>
    rows.map((r) => Object.fromEntries(r.fields.map((f, j) => [subs[j].id, f.value()])));

  const draw = (values: Record<string, unknown>[]): void => {
    rows = values.map((row, i) => {
      const fields = subs.map((sub) => field({ ...sub, id: subId(i, sub.id) }, text(row?.[sub.id])));
      const title = `${capital(name)} ${i + 1}`;
      const remove =
        values.length > least
          ? h(
              'button',
              { type: 'button', class: 'button button--secondary button--small group-remove', onclick: () => removeRow(i) },
              t('Hapus'),
              h('span', { class: 'visually-hidden' }, ` ${title}`),
            )
          : null;
      const el = h(
        'fieldset',
        { class: 'fieldset group-row', 'data-row': String(i) },
        h('legend', { class: 'group-row__title' }, title),
        fields.map((f) => f.el),
        remove,
      );
      return { el, fields };
    });
    list.replaceChildren(...rows.map((r) => r.el));
    add.hidden = rows.length >= most;
    full.hidden = !add.hidden;
  };
  const removeRow = (i: number): void => {
    const values = current();
    values.splice(i, 1);
    draw(values);
    (rows[Math.min(i, rows.length - 1)]?.fields[0]?.el.querySelector<HTMLElement>('input, select, textarea') || add).focus();
    onChange();
  };
  add.addEventListener('click', () => {
    draw([...current(), {}]);
    rows[rows.length - 1].fields[0]?.el.querySelector<HTMLElement>('input, select, textarea')?.focus();
    onChange();
  });

  const start = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  draw(start.length >= least ? start : [...start, ...Array.from({ length: least - start.length }, () => ({}))]);

  return {
    q,
    el: group,
    value: () => {
      const out: Row[] = rows.map((r) =>
        Object.fromEntries(
          r.fields.flatMap((f, j) => {
            const v = typed(subs[j], f.value());
            return v === null ? [] : [[subs[j].id, v]];
          }),
        ),
      );
      while (out.length && !Object.keys(out[out.length - 1]).length) out.pop(); // empty rows at the end do not count
      return out.length ? out : null;
    },
    setErrors: (errors) => {
      setErrorOn(group, id, [fs], q, errors.get('') ?? null);
      rows.forEach((r, i) => r.fields.forEach((f, j) => f.setError(errors.get(`${i}.${subs[j].id}`) ?? null)));
    },
    targetOf: (path) => {
      const [i, sub] = path.split('.');
      if (sub && rows[Number(i)]) return fieldId(subId(Number(i), sub));
      return rows[0] ? fieldId(subId(0, subs[0]?.id ?? '')) : add.id;
    },
  };
}

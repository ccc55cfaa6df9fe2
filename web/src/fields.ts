// One question as a GOV.UK-style form group: label, hint, worked example ("Contoh pengisian:"), inline
// error, control. A permit's form pages are checked by the form engine (src/forms/engine.js, the mirror of
// the server's validator, used by views/form.ts); `check` below is only for the client's own questions
// (registration, sign-in, staff and counter screens), which have no compiled form. The server stays the
// authority either way.
import { h } from './dom';
import { t } from './i18n';
import type { FieldProblem, Question } from './api';
import type { Problem } from './ui';

export interface Field {
  q: Question;
  el: HTMLElement;
  /** id of the element an error summary link should focus */
  target: string;
  value: () => string;
  setError: (message: string | null) => void;
}

const RADIO_LIMIT = 6; // short option lists read better as radios than as a drop-down

export const fieldId = (qid: string): string => `q-${qid}`;

export function label(q: Question): string {
  return q.required === false ? `${q.label} ${t('(opsional)')}` : q.label;
}

function describedBy(id: string, q: Question, hasError: boolean): string {
  return [q.hint ? `${id}-hint` : '', q.example ? `${id}-example` : '', hasError ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
}

export function extras(id: string, q: Question): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (q.hint) out.push(h('div', { class: 'hint', id: `${id}-hint` }, q.hint));
  if (q.example) {
    out.push(
      h('div', { class: 'example', id: `${id}-example` }, h('span', { class: 'example__label' }, t('Contoh pengisian:')), ' ', q.example),
    );
  }
  return out;
}

export function errorLine(id: string): HTMLElement {
  return h('p', { class: 'error-message', id: `${id}-error`, hidden: true });
}

export function setErrorOn(group: HTMLElement, id: string, controls: HTMLElement[], q: Question, message: string | null): void {
  const line = group.querySelector<HTMLElement>(`#${CSS.escape(id)}-error`);
  if (!line) return;
  line.textContent = '';
  line.hidden = !message;
  group.classList.toggle('form-group--error', !!message);
  if (message) {
    line.append(h('span', { class: 'visually-hidden' }, `${t('Kesalahan')}: `), message);
  }
  for (const c of controls) {
    c.classList.toggle('input--error', !!message);
    if (c.tagName !== 'FIELDSET') c.setAttribute('aria-describedby', describedBy(id, q, !!message));
  }
  const fs = group.querySelector('fieldset');
  if (fs) fs.setAttribute('aria-describedby', describedBy(id, q, !!message));
}

/** A typed question (text, textarea, date, number, select, radio). Files, region choices and groups of
 * rows are built in views/form.ts and forms/controls.ts. */
export function field(q: Question, value: string): Field {
  const id = fieldId(q.id);
  const group = h('div', { class: 'form-group', 'data-question': q.id, 'data-type': q.type });

  if (q.type === 'radio' || (q.type === 'select' && (q.options?.length ?? 0) <= RADIO_LIMIT)) {
    const radios = (q.options || []).map((o, i) =>
      h(
        'div',
        { class: 'radios__item' },
        h('input', {
          class: 'radios__input',
          type: 'radio',
          id: i === 0 ? id : `${id}-${i}`,
          name: q.id,
          value: o.value,
          checked: o.value === value,
        }),
        h('label', { class: 'label radios__label', for: i === 0 ? id : `${id}-${i}` }, o.label),
      ),
    );
    const fs = h(
      'fieldset',
      { class: 'fieldset', 'aria-describedby': describedBy(id, q, false) || null },
      h('legend', { class: 'fieldset__legend', 'data-label': '' }, label(q)),
      extras(id, q),
      errorLine(id),
      h('div', { class: 'radios' }, radios),
    );
    group.append(fs);
    return {
      q,
      el: group,
      target: id,
      value: () => (group.querySelector<HTMLInputElement>('input:checked')?.value ?? ''),
      setError: (m) => setErrorOn(group, id, [fs], q, m),
    };
  }

  let control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  const common = {
    id,
    name: q.id,
    'aria-describedby': describedBy(id, q, false) || null,
    'aria-required': q.required ? 'true' : null,
  };
  if (q.type === 'textarea') {
    control = h('textarea', { ...common, class: 'textarea', rows: 4, maxlength: q.maxLength ?? null, value });
  } else if (q.type === 'select') {
    control = h(
      'select',
      { ...common, class: 'select', value },
      h('option', { value: '' }, t('Pilih salah satu')),
      (q.options || []).map((o) => h('option', { value: o.value }, o.label)),
    );
  } else {
    const kind = q.type === 'number' ? 'numeric' : q.input;
    control = h('input', {
      ...common,
      class: q.type === 'date' ? 'input input--date' : q.type === 'number' ? 'input input--w10' : kind === 'numeric' ? 'input input--w20' : 'input',
      type: q.type === 'date' ? 'date' : kind === 'password' || kind === 'email' || kind === 'tel' ? kind : 'text',
      inputmode: kind === 'numeric' ? 'numeric' : null,
      maxlength: q.maxLength ?? null,
      autocomplete: q.autocomplete ?? (q.id === 'nama_lengkap' ? 'name' : q.id === 'alamat' ? 'street-address' : 'off'),
      spellcheck: 'false',
      value,
    });
  }
  group.append(h('label', { class: 'label', for: id, 'data-label': '' }, label(q)), ...extras(id, q), errorLine(id), control);
  return {
    q,
    el: group,
    target: id,
    value: () => control.value.trim(),
    setError: (m) => setErrorOn(group, id, [control], q, m),
  };
}

/** The first problem with an answer, worded like the server's messages; null if it is fine. */
export function check(q: Question, value: string, draft: boolean): string | null {
  if (!value) {
    if (!q.required || draft) return null;
    return q.type === 'select'
      ? t('Pilih salah satu jawaban untuk “{label}”.', { label: q.label })
      : t('{label} wajib diisi.', { label: q.label });
  }
  if (q.minLength && value.length < q.minLength) {
    return t('{label} terlalu pendek (paling sedikit {n} karakter).', { label: q.label, n: q.minLength });
  }
  if (q.maxLength && value.length > q.maxLength) {
    return t('{label} terlalu panjang (paling banyak {n} karakter).', { label: q.label, n: q.maxLength });
  }
  if (q.pattern) {
    try {
      if (!new RegExp(q.pattern).test(value)) return t('Format {label} tidak sesuai. Lihat contoh pengisian.', { label: q.label });
    } catch {
      /* a pattern JavaScript cannot read: leave it to the server */
    }
  }
  if (q.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return t('{label} harus berupa tanggal yang benar.', { label: q.label });
  }
  if (q.options && !q.options.some((o) => o.value === value)) {
    return t('Pilih salah satu pilihan yang tersedia untuk {label}.', { label: q.label });
  }
  return null;
}

/** A group of checkboxes (several answers): value() is the checked values joined by commas. */
export function checkboxes(q: Question, values: string[]): Field {
  const id = fieldId(q.id);
  const group = h('div', { class: 'form-group', 'data-question': q.id, 'data-type': 'checkboxes' });
  const boxes = (q.options || []).map((o, i) =>
    h(
      'div',
      { class: 'checkboxes__item' },
      h('input', { class: 'checkbox', type: 'checkbox', id: i === 0 ? id : `${id}-${i}`, name: q.id, value: o.value, checked: values.includes(o.value) }),
      h('label', { class: 'label checkboxes__label', for: i === 0 ? id : `${id}-${i}` }, o.label),
    ),
  );
  const fs = h(
    'fieldset',
    { class: 'fieldset', 'aria-describedby': describedBy(id, q, false) || null },
    h('legend', { class: 'fieldset__legend' }, label(q)),
    extras(id, q),
    errorLine(id),
    h('div', { class: 'checkboxes' }, boxes),
  );
  group.append(fs);
  return {
    q,
    el: group,
    target: id,
    value: () => [...group.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value).join(','),
    setError: (m) => setErrorOn(group, id, [fs], q, m),
  };
}

/** Check every field as it is now (required, length, pattern): inline errors and the summary's list. */
export function checkAll(fields: Field[]): Problem[] {
  const list: Problem[] = [];
  for (const f of fields) {
    const m = check(f.q, f.value(), false);
    f.setError(m);
    if (m) list.push({ target: f.target, message: m });
  }
  return list;
}

/** The server's refusal on these fields: each field problem next to its input, all in the summary. */
export function serverProblems(err: { message: string; fields?: FieldProblem[] }, fields: Field[]): Problem[] {
  fields.forEach((f) => f.setError(null));
  if (!err.fields?.length) return [{ message: err.message }];
  return err.fields.map((p) => {
    const f = fields.find((x) => x.q.id === p.field);
    f?.setError(p.message);
    return { target: f?.target ?? null, message: p.message };
  });
}

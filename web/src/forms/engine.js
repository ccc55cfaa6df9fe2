// The form engine in the browser: the same compiled artefacts the server validates with (a JSON Schema
// subset, JSON Logic rules, messages; see chalicelib/forms/validate.py), the same steps in the same
// order, so a person sees in the browser exactly what the server would say, every problem of a page at
// once. Server-only rules (NIK against the region table, region nesting, a phone number that exists) come
// back from the server on save. The shared test vectors
// (tests/vectors/forms/) run against both sides in CI. Plain JavaScript so Node runs it unbuilt; no eval.
import jsonLogic from 'json-logic-js';

// When one answer breaks several keywords, the first in this order is reported (server: compile.KEYWORDS).
export const KEYWORDS = ['type', 'enum', 'format', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum',
  'minItems', 'maxItems', 'required'];
const MAX_ANSWER_KEYS = 500;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const regexes = new Map();
// How a typed answer is read (rules.normalize), character for character as the server does it
// (chalicelib/identity/nik.py: SEPARATORS, OTHER_DIGITS; phone.py: lenient).
// Spaces, dots and dashes of every kind; a phone number may also have brackets and slashes.
const SEPARATORS = '\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200d\\u2028\\u2029\\u202f\\u205f\\u2060\\u3000\\ufeff.\\u00b7\\u2024\\u2027\\uff0e\\-\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0d';
const NIK_SEPARATORS = new RegExp(`[${SEPARATORS}]`, 'gu');
const PHONE_SEPARATORS = new RegExp(`[${SEPARATORS}()/]`, 'gu');
// Arabic-Indic, Eastern Arabic-Indic and full-width digits: each block's zero is at a multiple of 16.
const OTHER_DIGITS = /[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/gu;
const PHONE_PREFIXES = ['+620', '+62', '0062', '62', '0'];

/** @param {string} text */
const asciiDigits = (text) => text.replace(OTHER_DIGITS, (c) => String(/** @type {number} */ (c.codePointAt(0)) & 15));

/** A NIK as copied from a card or a phone → 16 digits as stored. @param {unknown} v */
export function normalizeNik(v) {
  return typeof v === 'string' ? asciiDigits(v.replace(NIK_SEPARATORS, '')) : v;
}

/** A phone number as written (0812 3456 7890, +62 812-…, 62812…) → +62…; the server makes it E.164. @param {unknown} v */
export function normalizePhone(v) {
  if (typeof v !== 'string') return v;
  const text = asciiDigits(v.replace(PHONE_SEPARATORS, ''));
  const prefix = PHONE_PREFIXES.find((p) => text.startsWith(p));
  return prefix === undefined ? text : `+62${text.slice(prefix.length)}`;
}

/** @type {Record<string, (v: unknown) => unknown>} */
const NORMALIZERS = { nik: normalizeNik, phone: normalizePhone };

/** The answers as they are checked and stored: each `normalize` rule applied, in group rows too.
 * @param {any} rules @param {Record<string, unknown>} answers */
export function normalized(rules, answers) {
  const how = rules.normalize || {};
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, value] of Object.entries(answers)) {
    if (how[name]) out[name] = NORMALIZERS[how[name]](value);
    else if (Array.isArray(value)) {
      out[name] = value.map((row) => {
        if (!isObject(row)) return row;
        return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, how[`${name}.${k}`] ? NORMALIZERS[how[`${name}.${k}`]](v) : v]));
      });
    } else out[name] = value;
  }
  return out;
}

/** @param {unknown} v */
export function isEmpty(v) {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** @param {unknown} v */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {unknown} rule @param {object} data */
export function truthy(rule, data) {
  return jsonLogic.truthy(jsonLogic.apply(/** @type {any} */ (rule), data));
}

/** Answers to the questions shown; hidden ones are dropped. @param {any} rules @param {Record<string, unknown>} answers */
export function visibleAnswers(rules, answers) {
  /** @type {Record<string, unknown>} */
  const shown = {};
  for (const [name, value] of Object.entries(answers)) {
    const rule = rules.questions[name]?.visibleIf;
    if (rule === undefined || truthy(rule, answers)) shown[name] = value;
  }
  return shown;
}

/** @param {any} rules @param {string} name @param {Record<string, unknown>} answers */
export function isVisible(rules, name, answers) {
  const rule = rules.questions[name]?.visibleIf;
  return rule === undefined || truthy(rule, answers);
}

/** @param {any} rules @param {string} name @param {Record<string, unknown>} answers */
export function isRequired(rules, name, answers) {
  const entry = rules.questions[name] || {};
  if (!isVisible(rules, name, answers)) return false;
  return truthy(entry.requiredIf ?? false, answers);
}

/** @param {string} value */
function isDate(value) {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** @param {string} pattern */
function regex(pattern) {
  let re = regexes.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    regexes.set(pattern, re);
  }
  return re;
}

/** @param {unknown} value @param {string} type */
function hasType(value, type) {
  if (type === 'string') return typeof value === 'string';
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return isObject(value);
  return true;
}

/**
 * Every keyword `value` breaks, as [path, keyword] (path: array of keys and row indexes).
 * @param {any} schema @param {any} defs @param {unknown} value @param {(string|number)[]} path
 * @param {{partial: boolean, found: [(string|number)[], string][], unknown: (string|number)[][]}} out
 */
function check(schema, defs, value, path, out) {
  if (schema.$ref) {
    check(defs[schema.$ref.replace('#/$defs/', '')], defs, value, path, out);
  }
  const fail = (/** @type {string} */ keyword) => out.found.push([path, keyword]);
  if (schema.type && !hasType(value, schema.type)) fail('type');
  if (schema.enum && !schema.enum.some((/** @type {unknown} */ e) => e === value)) fail('enum');
  if (typeof value === 'string') {
    const length = [...value].length; // code points, as JSON Schema counts
    if (schema.format === 'date' && !isDate(value)) fail('format');
    if (schema.minLength !== undefined && length < schema.minLength) fail('minLength');
    if (schema.maxLength !== undefined && length > schema.maxLength) fail('maxLength');
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) fail('pattern');
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail('minimum');
    if (schema.maximum !== undefined && value > schema.maximum) fail('maximum');
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail('minItems');
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail('maxItems');
    if (schema.items) value.forEach((row, i) => check(schema.items, defs, row, [...path, i], out));
  }
  if (isObject(value)) {
    const obj = /** @type {Record<string, unknown>} */ (value);
    const props = schema.properties || {};
    for (const [name, sub] of Object.entries(obj)) {
      if (name in props) check(props[name], defs, sub, [...path, name], out);
      else if (schema.additionalProperties === false) out.unknown.push([...path, name]);
    }
    if (!out.partial) {
      for (const name of schema.required || []) {
        if (!(name in obj)) out.found.push([[...path, name], 'required']);
      }
    }
  }
}

/** Whether a NIK's holder was min–max years old on the date `on` (YY read as 19YY or 20YY); null when the
 * NIK has no readable date. @param {string} nik @param {string} on @param {{min: number, max: number}} bounds */
function ageFits(nik, on, bounds) {
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  if (day > 40) day -= 40;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const [year, refMonth, refDay] = on.split('-').map(Number);
  const before = refMonth < month || (refMonth === month && refDay < day) ? 1 : 0;
  return [1900, 2000].some((century) => {
    const age = year - century - yy - before;
    return bounds.min <= age && age <= bounds.max;
  });
}

/**
 * The first of a question's `checks` the answer breaks (the server runs the same: validate.shared_check).
 * @param {any} rule @param {unknown} value @param {Record<string, unknown>} answers
 * @param {Record<string, string>} texts @param {string} today YYYY-MM-DD @param {Map<string, unknown>} wrong
 */
function sharedCheck(rule, value, answers, texts, today, wrong) {
  if (rule.pastDate && typeof value === 'string' && isDate(value)) {
    if (value > today) return texts.future;
    if (value < '1900-01-01') return texts.tooOld;
  }
  const holder = rule.holder;
  if (holder && typeof value === 'string' && /^[0-9]{16}$/.test(value)) {
    const dd = Number(value.slice(6, 8));
    const sex = dd >= 1 && dd <= 31 ? 'L' : dd >= 41 && dd <= 71 ? 'P' : null;
    if (sex && holder.sex && sex !== holder.sex) return texts.holderSex;
    const on = holder.ageAt && !wrong.has(holder.ageAt.date) ? answers[holder.ageAt.date] : undefined;
    if (typeof on === 'string' && isDate(on) && ageFits(value, on, holder.ageAt) === false) return texts.holderAge;
  }
  return null;
}

/** Today in the person's own calendar, as YYYY-MM-DD. */
function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "anggota.0.nik" → "anggota.nik": messages are per question, not per row. @param {(string|number)[]} path */
const messageKey = (path) => path.filter((p) => typeof p !== 'number').join('.');

/**
 * Validate answers as the server does (minus its server-only rules).
 * @param {{schema: any, rules: any, messages: any}} form  the compiled artefacts of GET /catalogue/{id}/form
 * @param {unknown} answers
 * @param {{partial?: boolean, today?: string}} [options]  partial: a draft save, so missing answers are fine;
 *   today: YYYY-MM-DD (default: the device's date)
 * @returns {{kept: Record<string, unknown>, errors: {field: string|null, message: string}[]}}
 */
export function validate(form, answers, options = {}) {
  const partial = Boolean(options.partial);
  const { schema, rules, messages } = form;
  if (!isObject(answers) || Object.keys(/** @type {object} */ (answers)).length > MAX_ANSWER_KEYS) {
    return { kept: {}, errors: [{ field: null, message: messages.form.notObject }] };
  }
  const given = /** @type {Record<string, unknown>} */ (answers);
  const props = schema.properties;
  /** @type {Map<string, {field: string|null, message: string}>} */
  const errors = new Map();
  const unknownMessage = (/** @type {string} */ name) => messages.form.unknown.replace('{name}', name);
  for (const name of Object.keys(given)) {
    if (!(name in props)) errors.set(name, { field: name.slice(0, 40), message: unknownMessage(name.slice(0, 40)) });
  }
  /** @type {Record<string, unknown>} */
  const known = {};
  for (const [name, value] of Object.entries(given)) if (name in props) known[name] = value;
  const read = normalized(rules, known);
  for (const name of Object.keys(read)) if (isEmpty(read[name])) delete read[name];
  const kept = visibleAnswers(rules, read);

  const out = { partial, found: /** @type {[(string|number)[], string][]} */ ([]), unknown: /** @type {(string|number)[][]} */ ([]) };
  for (const [name, value] of Object.entries(kept)) check(props[name], schema.$defs || {}, value, [name], out);
  for (const path of out.unknown) {
    const field = path.join('.');
    if (!errors.has(field)) {
      const name = String(path[path.length - 1]).slice(0, 40);
      errors.set(field, { field: [...path.slice(0, -1), name].join('.'), message: unknownMessage(name) });
    }
  }
  /** @type {Map<string, [number, string]>} */
  const best = new Map();
  for (const [path, keyword] of out.found) {
    const field = path.join('.');
    const rank = KEYWORDS.indexOf(keyword);
    const current = best.get(field);
    if (!current || rank < current[0]) best.set(field, [rank, messageKey(path)]);
  }
  for (const [field, [rank, key]] of best) {
    if (!errors.has(field)) errors.set(field, { field, message: messages.questions[key][KEYWORDS[rank]] });
  }
  if (!partial) {
    for (const name of Object.keys(props)) {
      if (!errors.has(name) && isEmpty(kept[name]) && isRequired(rules, name, kept)) {
        errors.set(name, { field: name, message: messages.questions[name].required });
      }
    }
  }
  const today = options.today ?? localToday();
  // Dates first: a NIK holder's age at a date says nothing while that date is itself wrong.
  const entries = Object.entries(rules.checks || {});
  for (const [name, rule] of [...entries.filter(([, r]) => r.pastDate), ...entries.filter(([, r]) => !r.pastDate)]) {
    if (!(name in kept) || errors.has(name)) continue;
    const problem = sharedCheck(rule, kept[name], kept, messages.questions[name], today, errors);
    if (problem) errors.set(name, { field: name, message: problem });
  }
  return { kept, errors: [...errors.values()] };
}

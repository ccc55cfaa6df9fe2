// Filling in an application: one page of the form definition at a time, uploads, check answers.
// Lazy chunk (with the form engine and json-logic-js): only the form pages need them.
//
// The form engine (forms/engine.js, the mirror of the server's validator) decides what is shown and what
// is wrong: questions and pages whose visibleIf is false disappear as soon as an answer changes, and their
// answers are neither checked nor sent; the page's answers are checked before any round trip. Rules only
// the server runs (a NIK that does not match the sex, region nesting) come back from the save, and are
// shown the same way. The draft is saved as the person types (2 s after the last change, and on leaving),
// as typed: a wrong answer is stored too and its message kept, so leaving a page never loses anything.
import { append, h } from '../dom';
import { t } from '../i18n';
import {
  api,
  application,
  session,
  form,
  uploadToStorage,
  ApiError,
  type Answer,
  type Answers,
  type Application,
  type FormDef,
  type FormPage,
  type Question,
  type UploadTicket,
} from '../api';
import { bytes, clock } from '../format';
import { backLink, button, heading, showProblems, summaryList, inset, notice, type Problem } from '../ui';
import { errorLine, extras, fieldId, label, setErrorOn } from '../fields';
import { flash, go, render, signInAgain, type Ctx } from '../router';
import { keep, kept } from '../keep';
import { answerLines, regionNames } from '../answers';
import { staffGuard } from './guard';
import { counterApplicant } from './counter';
import { isRequired, isVisible, truthy, validate } from '../forms/engine.js';
import { groupControl, regionControl, simpleControl, type Control, type RegionControl } from '../forms/controls';

// The same pages serve a citizen filling in their own application (#/permohonan/…) and counter staff
// filling one in on a citizen's behalf (#/loket/permohonan/…): only the paths around them differ.
let base = '/permohonan';
const appPath = (id: string): string => `${base}/${encodeURIComponent(id)}`;
const pagePath = (id: string, pageId: string, back = false): string =>
  `${appPath(id)}/isi/${encodeURIComponent(pageId)}${back ? '?kembali=periksa' : ''}`;
const atCounter = (): boolean => base !== '/permohonan';

const AUTOSAVE_MS = 2000;
/** Sent back for correction: only these answers and documents may change (null: an ordinary draft). */
let fixing: Set<string> | null = null;
const editable = (qid: string): boolean => !fixing || fixing.has(qid);
/** A page the person has something to do on: any page of a draft; in a correction, a page with a named field. */
const hasWork = (p: FormPage): boolean => !fixing || p.questions.some((q) => fixing?.has(q.id));

interface MyDocument {
  field: string;
  filename: string;
  applicationId: string;
}
/** Documents accepted on the person's earlier applications (asked once per form page). */
let myDocs: Promise<MyDocument[]> = Promise.resolve([]);
/** The last save started when a page was left: the next page waits for it, so it reads the new version. */
let leaving: Promise<unknown> = Promise.resolve();

async function load(ctx: Ctx): Promise<{ app: Application; def: FormDef } | null> {
  base = ctx.path.startsWith('/loket/') ? '/loket/permohonan' : '/permohonan';
  if (atCounter() && !staffGuard(ctx, ['counter'])) return null;
  await leaving.catch(() => undefined);
  const app = await application(ctx.params.id, ctx.signal);
  const correcting = app.status === 'needs_correction' && !atCounter();
  if (app.status !== 'draft' && !correcting) {
    go(appPath(app.id), true); // already submitted: the status page is the only place for it
    return null;
  }
  fixing = correcting ? new Set(app.correction?.fields || []) : null;
  myDocs = atCounter()
    ? Promise.resolve([])
    : api<{ documents: MyDocument[] }>('GET', '/me/documents', undefined, ctx.signal).then((r) => r.documents, () => []);
  const def = await form(app.permitId, ctx.signal);
  learnLabels(def);
  return { app, def };
}

// ---- labels of questions a newer form version no longer asks (formUpdate.removed) ----
// The API names removed answers by id only; a label this browser has seen before (an older version of
// the form) is remembered here, so the notice can name the question as the person knew it.
const labelsKey = (permitId: string): string => `pisao.labels.${permitId}`;

function learnLabels(def: FormDef): void {
  try {
    const known = JSON.parse(localStorage.getItem(labelsKey(def.permitId)) || '{}') as Record<string, string>;
    for (const q of def.pages.flatMap((p) => p.questions)) known[q.id] = q.label;
    localStorage.setItem(labelsKey(def.permitId), JSON.stringify(known));
  } catch {
    /* storage refused: ids are shown instead */
  }
}

function knownLabel(permitId: string, qid: string): string | null {
  try {
    return (JSON.parse(localStorage.getItem(labelsKey(permitId)) || '{}') as Record<string, string>)[qid] || null;
  } catch {
    return null;
  }
}

/** The form changed since the draft began: say what, before the person goes on. */
function formUpdateNotice(app: Application): HTMLElement | null {
  const u = app.formUpdate;
  if (!u) return null;
  const names = u.removed.map((id) => knownLabel(app.permitId, id) || id);
  return h(
    'div',
    { class: 'notice', role: 'status', 'data-form-update': '' },
    h('p', null, h('strong', null, t('Formulir ini sudah diperbarui sejak Anda mulai mengisi draf.'))),
    names.length
      ? [
          h('p', null, t('Pertanyaan berikut tidak ditanyakan lagi. Jawaban Anda untuk pertanyaan ini akan dihapus saat draf disimpan:')),
          h('ul', { class: 'list list--bullet' }, names.map((n) => h('li', null, n))),
        ]
      : null,
    h('p', null, t('Periksa lagi jawaban Anda sebelum melanjutkan.')),
  );
}

// ---- what is shown, what is wrong ----
const top = (path: string): string => path.split('.')[0];

function pageVisible(def: FormDef, p: FormPage, answers: Answers): boolean {
  if (p.visibleIf !== undefined && p.visibleIf !== null && !truthy(p.visibleIf, answers)) return false;
  return !p.questions.length || p.questions.some((q) => isVisible(def.rules, q.id, answers));
}

const visiblePages = (def: FormDef, answers: Answers): FormPage[] => def.pages.filter((p) => pageVisible(def, p, answers));

/** The short noun of a group for "Tambah produk" and "Produk 2": the API's `name`, else read from its
 * "Paling banyak 10 produk." message, else "baris". */
function groupName(def: FormDef, q: Question): string {
  if (q.name) return q.name;
  const m = /[0-9]+ (.+?)\.?$/.exec(def.messages.questions[q.id]?.maxItems ?? '');
  return m ? m[1] : t('baris');
}

/** "Produk 2: Nama produk wajib diisi." for a row's sub-question; other messages as they are. */
function rowMessage(def: FormDef, path: string, message: string): string {
  const [qid, row, sub] = path.split('.');
  const q = def.pages.flatMap((p) => p.questions).find((x) => x.id === qid);
  if (!q || q.type !== 'group' || sub === undefined) return message;
  const name = groupName(def, q);
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${Number(row) + 1}: ${message}`;
}

const notUploaded = (q: Question): string => t('{label} belum diunggah.', { label: q.label });

interface PageProblem {
  page: FormPage;
  message: string;
  /** A required upload still missing (its question's id): the check page can take it. */
  file?: string;
}

/** Every problem that stops the application from being sent: the engine's full check of the saved answers,
 * and the required uploads, in page order (visible pages and questions only). */
function allProblems(def: FormDef, app: Application): PageProblem[] {
  const answers = app.answers || {};
  const { errors } = validate(def, answers, { partial: false });
  const out: PageProblem[] = [];
  for (const page of visiblePages(def, answers)) {
    for (const q of page.questions) {
      if (!isVisible(def.rules, q.id, answers)) continue;
      if (q.type === 'file') {
        if (!app.uploads?.[q.id] && isRequired(def.rules, q.id, answers)) out.push({ page, message: notUploaded(q), file: q.id });
        continue;
      }
      for (const e of errors) if (e.field && top(e.field) === q.id) out.push({ page, message: rowMessage(def, e.field, e.message) });
    }
  }
  return out;
}

/** A page the profile answered: each question shown is prefilled (`prefill`) and its answer is valid. Going
 * forward skips it; the check page shows its answers, each with "Ubah". Pages the person answers are never
 * skipped, so walking back and forth shows them as before. */
function answeredByProfile(def: FormDef, app: Application, page: FormPage, open: PageProblem[]): boolean {
  const answers = app.answers || {};
  if (open.some((p) => p.page === page)) return false;
  const shown = page.questions.filter((q) => isVisible(def.rules, q.id, answers));
  return shown.length > 0 && shown.every((q) => !!q.prefill && answers[q.id] !== undefined && answers[q.id] !== '');
}

// ---- file questions ----
const EXT: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf' };

function contentType(file: File): string {
  return file.type || EXT[(file.name.split('.').pop() || '').toLowerCase()] || 'application/octet-stream';
}

function kinds(accept: string): string {
  return accept
    .split(',')
    .map((a) => (a.split('/')[1] || a).replace('jpeg', 'jpg').toUpperCase())
    .join(', ');
}

interface FileControl extends Control {
  file: true;
  settle: () => Promise<boolean>;
  problem: () => string | null;
}

/** A file question: the upload starts as soon as a file is chosen; the page shows the filename once stored. */
function fileControl(q: Question, holder: { app: Application }, onProblem: (target: string, message: string) => void): FileControl {
  const id = fieldId(q.id);
  const status = h('div', { class: 'upload-status', 'aria-live': 'polite' });
  let pending: Promise<boolean> = Promise.resolve(true);
  let error: string | null = null;
  const input = h('input', {
    class: 'file-picker__input',
    type: 'file',
    id,
    name: q.id,
    accept: q.accept || null,
    'aria-describedby': [q.hint ? `${id}-hint` : '', q.example ? `${id}-example` : ''].filter(Boolean).join(' ') || null,
  });
  const chooser = h('label', { class: 'button button--secondary file-picker__button', for: id, 'aria-hidden': 'true' }, t('Pilih berkas'));
  const group = h(
    'div',
    { class: 'form-group', 'data-question': q.id, 'data-type': 'file' },
    h('label', { class: 'label', for: id, 'data-label': '' }, label(q)),
    ...extras(id, q),
    errorLine(id),
    // The native control's words follow the browser's language ("Choose File"): show our own
    // Indonesian button instead, over the real (still focusable, still labelled) input.
    status,
    h('div', { class: 'file-picker' }, input, chooser),
  );
  const setError = (m: string | null): void => {
    error = m;
    setErrorOn(group, id, [input], q, m);
  };
  const self: FileControl = {
    q,
    el: group,
    file: true,
    value: () => null,
    setErrors: (errors) => setError(errors.get('') ?? null),
    targetOf: () => id,
    settle: () => pending,
    problem: () => error,
  };
  const showStored = (note?: string | null): void => {
    const stored = holder.app.uploads?.[q.id];
    status.textContent = '';
    chooser.textContent = stored ? t('Ganti berkas') : t('Pilih berkas');
    if (stored?.status === 'rejected') {
      status.append(h('p', { class: 'upload-check', 'data-check': 'rejected' }, h('strong', null, t('Berkas ditolak:')), ' ', stored.filename));
    } else if (stored) {
      append(
        status,
        [h('p', { class: 'upload-done' }, h('strong', null, t('Berkas terunggah:')), ' ', h('span', { class: 'upload-done__name' }, stored.filename)),
        stored.status === 'accepted'
          ? h('p', { class: 'upload-check', 'data-check': 'accepted' }, note || t('Berkas sudah diperiksa dan diterima.'))
          : note
            ? h('p', { class: 'upload-check', 'data-check': 'pending' }, note)
            : null],
      );
    }
  };
  showStored();
  const first = holder.app.uploads?.[q.id];
  if (first?.status === 'rejected') setError(first.problem || t('Berkas ini ditolak. Unggah berkas lain.'));

  /** "Pakai dokumen ini": a document accepted on an earlier application, instead of a new upload. */
  const offer = h('div', { class: 'reuse', 'data-reuse': q.id });
  void myDocs.then((docs) => {
    const doc = docs.find((d) => d.field === q.id && d.applicationId !== holder.app.id);
    if (!doc) return;
    const use = button(t('Pakai dokumen ini'), { type: 'button', class: 'button button--secondary' });
    use.addEventListener('click', () => {
      use.disabled = true;
      pending = api<Application>('POST', `/applications/${encodeURIComponent(holder.app.id)}/uploads/reuse`, { field: q.id, applicationId: doc.applicationId })
        .then(async () => {
          holder.app = await application(holder.app.id);
          setError(null);
          offer.textContent = '';
          showStored(t('Dokumen {name} dari permohonan sebelumnya dipakai ulang.', { name: doc.filename }));
          return true;
        })
        .catch((err: unknown) => {
          const e = err as ApiError;
          use.disabled = false;
          const m = e.fields?.find((f) => f.field === q.id)?.message || e.message;
          setError(m);
          onProblem(id, m);
          return false;
        });
    });
    offer.append(
      h('p', { class: 'body' }, t('Anda pernah mengunggah dokumen ini dan sudah diterima: {name} (permohonan {id}).', { name: doc.filename, id: doc.applicationId })),
      use,
    );
  });
  group.append(offer);

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    const type = contentType(file);
    const accepted = (q.accept || '').split(',').filter(Boolean);
    let problem: string | null = null;
    if (accepted.length && !accepted.includes(type)) problem = t('Jenis berkas harus {kinds}.', { kinds: kinds(q.accept || '') });
    else if (q.maxBytes && file.size > q.maxBytes) problem = t('Ukuran berkas paling besar {max}. Berkas Anda {size}.', { max: bytes(q.maxBytes), size: bytes(file.size) });
    else if (file.size === 0) problem = t('Berkas yang dipilih kosong.');
    if (problem) {
      setError(problem);
      onProblem(id, problem);
      input.value = '';
      return;
    }
    setError(null);
    status.textContent = t('Mengunggah {name}…', { name: file.name });
    pending = (async () => {
      const ticket = await api<UploadTicket>('POST', `/applications/${encodeURIComponent(holder.app.id)}/uploads`, {
        field: q.id,
        filename: file.name,
        contentType: type,
        size: file.size,
      });
      await uploadToStorage(ticket, file, (pct) => (status.textContent = t('Mengunggah {name}… {pct}%', { name: file.name, pct })));
      status.textContent = t('Memeriksa {name}…', { name: file.name });
      // The file's own checks (real type, size, metadata, virus scan): the verdict at once.
      const verdict = await api<{ status: string; message: string | null }>(
        'POST',
        `/applications/${encodeURIComponent(holder.app.id)}/uploads/${encodeURIComponent(q.id)}/check`,
        {},
      ).catch((err: unknown) => {
        const e = err as ApiError;
        if (e.status === 503) return { status: 'pending', message: e.message };
        throw e;
      });
      // The upload changed the draft (and its version): take the server's copy.
      holder.app = await application(holder.app.id);
      input.value = '';
      if (verdict.status === 'rejected') {
        const m = verdict.message || t('Berkas ini ditolak. Unggah berkas lain.');
        showStored();
        setError(m);
        onProblem(id, m);
        return false;
      }
      showStored(verdict.status === 'accepted' ? t('Berkas lolos pemeriksaan dan diterima.') : verdict.message);
      offer.textContent = '';
      return true;
    })().catch((err: unknown) => {
      const e = err as ApiError;
      showStored();
      const fieldMsg = e.fields?.find((f) => f.field === q.id)?.message;
      setError(fieldMsg || e.message);
      onProblem(id, fieldMsg || e.message);
      input.value = '';
      return false;
    });
  });
  return self;
}

const isFile = (c: Control): c is FileControl => 'file' in c;
/** JSON with sorted keys: a stored row may come back with its keys in another order. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v ?? null);
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

// ---- one page of the form ----
export async function questionPage(ctx: Ctx): Promise<void> {
  const loaded = await load(ctx);
  if (!loaded) return;
  const { def } = loaded;
  const holder = { app: loaded.app };
  const appId = holder.app.id;
  const page = def.pages.find((p) => p.id === ctx.params.pageId);
  if (!page) throw new ApiError(404, 'not_found', t('Halaman formulir ini tidak ada.'));
  const saved = (): Answers => holder.app.answers || {};
  if (!pageVisible(def, page, saved())) {
    // Not asked with the answers given so far (an old link, a changed answer): go on to the next page that is.
    const after = def.pages.slice(def.pages.indexOf(page) + 1).find((p) => pageVisible(def, p, saved()));
    go(after ? pagePath(appId, after.id) : `${appPath(appId)}/periksa`, true);
    return;
  }
  if (fixing && !hasWork(page)) {
    const after = def.pages.slice(def.pages.indexOf(page) + 1).find((p) => pageVisible(def, p, saved()) && hasWork(p));
    go(after ? pagePath(appId, after.id) : `${appPath(appId)}/periksa`, true);
    return;
  }
  const backToCheck = ctx.query.get('kembali') === 'periksa';
  const renewal = !!holder.app.renewalOf && !atCounter();
  const problems = h('div');
  const savedNote = h('div', { 'data-saved-note': '' });
  const status = h('p', { class: 'save-status', 'aria-live': 'polite' });

  // What was typed before a "Muat ulang" (a conflict) or a new sign-in: put back over the saved answers.
  const keptKey = `form.${appId}.${page.id}`;
  const restored = kept<Record<string, Answer | null>>(keptKey);
  if (restored) keep(keptKey, null);
  const initial = (qid: string): unknown => (restored && qid in restored ? restored[qid] : saved()[qid]);

  let controls: Control[] = [];
  const byId = (qid: string): Control | undefined => controls.find((c) => c.q.id === qid);
  const regionsHere: RegionControl[] = [];
  const readOnlyNames = fixing ? await regionNames(page.questions, saved(), ctx.signal) : new Map<string, string>();
  const readOnly = new Map<string, HTMLElement>();
  for (const q of page.questions) {
    if (editable(q.id)) continue;
    const lines = q.type === 'file' ? (saved() && holder.app.uploads?.[q.id] ? [holder.app.uploads[q.id].filename] : []) : answerLines(q, saved()[q.id], readOnlyNames);
    readOnly.set(
      q.id,
      h(
        'div',
        { class: 'form-group', 'data-readonly': q.id },
        h('p', { class: 'label' }, q.label),
        h('p', { class: 'body' }, lines.length ? lines.join(', ') : h('span', { class: 'muted' }, t('Tidak diisi'))),
        h('p', { class: 'hint' }, t('Tidak perlu diperbaiki.')),
      ),
    );
  }
  controls = page.questions.filter((q) => editable(q.id)).map((q): Control => {
    if (q.type === 'file') return fileControl(q, holder, (target, message) => showProblems(problems, [{ target, message }]));
    if (q.type === 'group') return groupControl(q, initial(q.id), groupName(def, q), () => edited());
    if (q.choices?.source === 'regions') {
      const pid = q.choices.parent;
      const parentQ = pid ? def.pages.flatMap((p) => p.questions).find((x) => x.id === pid) : undefined;
      const c = regionControl(
        q,
        initial(q.id),
        pid ? { value: () => String((byId(pid) ? byId(pid)?.value() : saved()[pid]) ?? ''), label: parentQ?.label ?? pid } : null,
      );
      regionsHere.push(c);
      return c;
    }
    return simpleControl(q, initial(q.id));
  });
  const answering = controls.filter((c) => !isFile(c));

  /** The page's own values: what the person has typed (null: emptied). */
  const pageValues = (): Record<string, Answer | null> => Object.fromEntries(answering.map((c) => [c.q.id, c.value()]));
  /** The draft as it would be if this page were saved now: visibility and checks read this. */
  const merged = (): Answers => {
    const all: Answers = { ...saved() };
    for (const [k, v] of Object.entries(pageValues())) {
      if (v === null) delete all[k];
      else all[k] = v;
    }
    return all;
  };

  /** Show and hide questions as the answers change; mark the optional ones. */
  const refresh = (): void => {
    const answers = merged();
    for (const c of controls) {
      const shown = isVisible(def.rules, c.q.id, answers);
      if (c.el.hidden === shown) {
        c.el.hidden = !shown;
        if (!shown) c.setErrors(new Map());
      }
      const rule = def.rules.questions[c.q.id];
      const optional = rule ? !isRequired(def.rules, c.q.id, answers) : c.q.required === false;
      const text = optional ? `${c.q.label} ${t('(opsional)')}` : c.q.label;
      const el = c.el.querySelector('[data-label]');
      if (el && el.textContent !== text) el.textContent = text;
    }
  };

  /** The page's problems by the engine, for its own questions only (full: required answers too). */
  const checkPage = (full: boolean): { field: string; message: string }[] => {
    const mine = new Set(answering.map((c) => c.q.id));
    return validate(def, merged(), { partial: !full }).errors.filter(
      (e): e is { field: string; message: string } => !!e.field && mine.has(top(e.field)),
    );
  };

  /** Inline errors on the controls, and the error summary's list (links focus the field). */
  const showErrors = (errors: { field: string | null; message: string }[]): Problem[] => {
    const per = new Map<string, Map<string, string>>();
    const list: Problem[] = [];
    for (const e of errors) {
      const qid = e.field ? top(e.field) : '';
      const c = byId(qid);
      if (c && !c.el.hidden && e.field) {
        const rel = e.field.split('.').slice(1).join('.');
        if (!per.has(qid)) per.set(qid, new Map());
        per.get(qid)?.set(rel, e.message);
        list.push({ target: c.targetOf(rel), message: rowMessage(def, e.field, e.message) });
      } else {
        // Another page's answer (a rule across pages): link to that page.
        const other = e.field ? def.pages.find((p) => p.questions.some((q) => q.id === qid)) : undefined;
        list.push({ href: other ? `#${pagePath(appId, other.id, backToCheck)}` : null, message: e.field ? rowMessage(def, e.field, e.message) : e.message });
      }
    }
    for (const c of answering) c.setErrors(per.get(c.q.id) ?? new Map());
    return list;
  };

  /** What to send: the visible answers that differ from the draft (null clears one); hidden ones never. */
  const changes = (skip: Set<string> = new Set()): Record<string, Answer | null> => {
    const answers = merged();
    const out: Record<string, Answer | null> = {};
    for (const c of answering) {
      const qid = c.q.id;
      if (skip.has(qid) || !isVisible(def.rules, qid, answers)) continue;
      const v = c.value();
      if (v === null ? saved()[qid] !== undefined : !same(v, saved()[qid])) out[qid] = v;
    }
    return out;
  };

  // ---- saving: autosave after a pause and on leaving; the buttons save at once ----
  let timer = 0;
  let stopped = false; // after a version conflict: nothing more is saved until "Muat ulang"
  let inflight: Promise<unknown> = Promise.resolve();

  const put = async (body: Record<string, Answer | null>): Promise<void> => {
    holder.app = await api<Application>('PUT', `/applications/${encodeURIComponent(appId)}/answers`, { answers: body, version: holder.app.version });
    status.textContent = t('Tersimpan pukul {time}', { time: clock(holder.app.editedAt || holder.app.updatedAt) });
  };

  const conflict = (): void => {
    stopped = true;
    window.clearTimeout(timer);
    keep(keptKey, changes()); // what this person changed survives the reload; the rest comes fresh
    showProblems(problems, [
      { message: t('Draf ini baru saja diubah di tempat lain (mungkin di tab lain), jadi halaman ini belum disimpan. Jawaban yang Anda ketik tidak hilang: pilih “Muat ulang”, periksa, lalu simpan lagi.') },
    ]);
    problems.querySelector('.error-summary')?.append(
      button(t('Muat ulang'), { type: 'button', class: 'button button--secondary', 'data-reload': '', onclick: () => void render() }),
    );
  };

  /** Save quietly what was typed, wrong or not (the buttons show what is wrong). */
  const autosave = (): Promise<unknown> => {
    window.clearTimeout(timer);
    timer = 0;
    inflight = inflight.then(async () => {
      if (stopped || !session()) return; // signed out meanwhile: nothing to save it with
      const body = changes();
      if (!Object.keys(body).length) return;
      try {
        await put(body);
      } catch (err) {
        const e = err as ApiError;
        if (e.code === 'version_conflict') return conflict();
        if (e.code === 'session_expired') return keep(keptKey, changes());
        status.textContent = t('Belum tersimpan: {reason}', { reason: e.message });
      }
    });
    return inflight;
  };

  const edited = (): void => {
    refresh();
    if (stopped) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void autosave(), AUTOSAVE_MS);
  };

  const onHide = (): void => {
    if (document.visibilityState === 'hidden' && timer) void autosave();
  };
  document.addEventListener('visibilitychange', onHide);
  ctx.onLeave(() => {
    document.removeEventListener('visibilitychange', onHide);
    leaving = timer ? autosave() : inflight;
  });

  /** The page's problems: the engine's (full: required answers too), the server's rules for this page's
   * answers (from the last save), the uploads'. Each is marked on its question. */
  const pageProblems = (full: boolean): Problem[] => {
    const engine = checkPage(full);
    const seen = new Set(engine.map((e) => e.field));
    const mine = new Set(answering.map((c) => c.q.id));
    const server = (holder.app.problems || []).filter(
      (e): e is { field: string; message: string } => !!e.field && mine.has(top(e.field)) && !seen.has(e.field),
    );
    const list = showErrors([...engine, ...server]);
    const answers = merged();
    for (const c of controls) {
      if (!isFile(c) || c.el.hidden) continue;
      let m = c.problem();
      if (!m && full && isRequired(def.rules, c.q.id, answers) && !holder.app.uploads?.[c.q.id]) m = notUploaded(c.q);
      c.setErrors(new Map(m ? [['', m]] : []));
      if (m) list.push({ target: c.targetOf(''), message: m });
    }
    return list;
  };

  /** Both buttons save the page as typed (nothing is lost). "lanjutkan" goes on only when the page has no
   * problem: the browser's own are shown at once, the server's (from the save) before going on. "nanti"
   * leaves, or, with problems, says the draft is saved and keeps them listed. */
  const save = async (later: boolean, buttons: HTMLButtonElement[]): Promise<void> => {
    buttons.forEach((b) => (b.disabled = true));
    try {
      window.clearTimeout(timer);
      timer = 0;
      await inflight;
      for (const c of controls) if (isFile(c)) await c.settle();
      refresh();
      savedNote.textContent = '';
      holder.app = { ...holder.app, problems: [] }; // the last save's problems are about to be replaced
      const early = later ? [] : pageProblems(true);
      if (early.length) showProblems(problems, early);
      const body = changes();
      if (Object.keys(body).length || holder.app.formUpdate) {
        try {
          await put(body);
        } catch (err) {
          const e = err as ApiError;
          if (e.code === 'not_draft') return go(appPath(appId), true);
          if (e.code === 'version_conflict') return conflict();
          if (e.code === 'session_expired') {
            keep(keptKey, changes());
            return signInAgain(ctx, e.message);
          }
          if (e.fields?.length) return showProblems(problems, showErrors(e.fields));
          return showProblems(problems, [{ message: e.message }]);
        }
      }
      // The browser's problems were shown at once; now the server's (only it knows the region table, a
      // number's existence) join them, so the page is corrected in one round.
      if (early.length) return showProblems(problems, pageProblems(true));
      const list = pageProblems(!later);
      if (list.length) {
        if (later) savedNote.append(notice(t('Draf sudah disimpan, termasuk isian yang masih salah. Perbaiki isian di bawah sebelum mengirim; Anda dapat melanjutkannya kapan saja dari Permohonan Saya.')));
        return showProblems(problems, list);
      }
      showProblems(problems, []);
      if (later) {
        flash({ kind: 'saved', message: t('Draf permohonan {name} sudah disimpan. Anda dapat melanjutkannya kapan saja dari halaman ini.', { name: holder.app.permitName }) });
        return go(atCounter() ? '/loket' : '/permohonan');
      }
      // A renewal goes on to the next page still missing something: carried-over answers are not asked again;
      // otherwise the next page with something to do (a page the profile answered is confirmed on the check page).
      const open = allProblems(def, holder.app);
      const next = renewal
        ? open.find((p) => p.page !== page)?.page
        : def.pages.slice(def.pages.indexOf(page) + 1).find((p) => pageVisible(def, p, saved()) && hasWork(p) && (!!fixing || !answeredByProfile(def, holder.app, p, open)));
      go(backToCheck || !next ? `${appPath(appId)}/periksa` : pagePath(appId, next.id));
    } catch (err) {
      const e = err as ApiError;
      if (e.code === 'session_expired') return signInAgain(ctx, e.message);
      showProblems(problems, [{ message: e.message || t('Terjadi kesalahan yang tidak terduga. Muat ulang halaman, lalu coba lagi.') }]);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  };

  const next = button(t('Simpan dan lanjutkan'));
  const later = button(t('Simpan dan lanjutkan nanti'), { class: 'button button--secondary', type: 'button' });
  later.addEventListener('click', () => void save(true, [next, later]));
  const formEl = h(
    'form',
    {
      novalidate: true,
      'data-page': page.id,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void save(false, [next, later]);
      },
    },
    page.questions.map((q) => readOnly.get(q.id) || byId(q.id)?.el),
    h('div', { class: 'button-group' }, next, fixing ? null : later),
  );
  formEl.addEventListener('input', (e) => {
    if (!(e.target as HTMLElement).matches('input[type=file]')) edited();
  });
  formEl.addEventListener('change', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('input[type=file]')) return;
    const c = controls.find((x) => x.el.contains(target));
    // A region's lower levels start again when it changes (Provinsi → Kabupaten/kota → …).
    const cascade = (qid: string): void => {
      for (const r of regionsHere) {
        if (r.q.choices?.parent === qid) {
          void r.reset();
          cascade(r.q.id);
        }
      }
    };
    if (c) cascade(c.q.id);
    edited();
  });
  refresh();
  void Promise.all(regionsHere.map((r) => r.reload()));
  if (restored) edited();
  // Answers saved with a problem (the person left the page as it was): their messages are still there.
  const left = Object.keys(saved()).length ? checkPage(false) : [];
  if (left.length) showErrors(left);

  const shown = visiblePages(def, saved());
  const at = shown.indexOf(page);
  const open = new Set(allProblems(def, holder.app).map((p) => p.page));
  const previous = renewal
    ? shown.slice(0, at).reverse().find((p) => open.has(p)) ?? null
    : fixing
      ? shown.slice(0, at).reverse().find(hasWork) ?? null
      : at > 0
        ? shown[at - 1]
        : null;
  const back = backToCheck
    ? `#${appPath(appId)}/periksa`
    : fixing && !previous
      ? `#${appPath(appId)}`
    : previous
      ? `#${pagePath(appId, previous.id)}`
      : atCounter()
        ? '#/loket/warga'
        : renewal
          ? '#/izin-saya'
          : `#/izin/${encodeURIComponent(holder.app.permitId)}`;
  const caption = `${captionOf(holder.app)} – ${renewal ? renewalOf(holder.app) : t('Langkah {n} dari {total}', { n: at + 1, total: shown.length + 1 })}`;
  ctx.mount(
    `${page.title} – ${holder.app.permitName}`,
    backLink(back),
    savedNote,
    problems,
    ...heading(page.title, caption),
    formUpdateNotice(holder.app),
    fixing ? correctionNotice(holder.app) : null,
    renewal && !backToCheck ? inset(t('Jawaban dari izin {number} sudah terisi. Lengkapi yang belum ada.', { number: holder.app.renewalOf || '' })) : null,
    restored ? notice(t('Jawaban yang Anda ketik sebelum memuat ulang masih ada di halaman ini. Periksa, lalu simpan.')) : null,
    status,
    formEl,
  );
}

const renewalOf = (app: Application): string => t('Perpanjangan izin {number}', { number: app.renewalOf || '' });

/** Where a new draft starts: a renewal at the first page still missing something (the check page, with the
 * uploads asked there, when only evidence is missing), any other draft at its first page with something to
 * do (a page the profile answered is confirmed on the check page). */
export async function startAt(app: Application, signal?: AbortSignal): Promise<string> {
  base = '/permohonan';
  fixing = null;
  const def = await form(app.permitId, signal);
  const open = allProblems(def, app);
  if (app.renewalOf && open.every((p) => p.file)) return `${appPath(app.id)}/periksa`;
  const first = app.renewalOf ? open[0]?.page : visiblePages(def, app.answers || {}).find((p) => !answeredByProfile(def, app, p, open));
  return first ? pagePath(app.id, first.id) : `${appPath(app.id)}/periksa`;
}

/** The permit's name; at the counter also whose application it is. */
function captionOf(app: Application): string {
  const who = atCounter() ? counterApplicant(app.id) : null;
  return who ? `${app.permitName} ${t('atas nama {name}', { name: who })}` : app.permitName;
}

// ---- check your answers ----
export async function checkAnswers(ctx: Ctx): Promise<void> {
  const loaded = await load(ctx);
  if (!loaded) return;
  const { app, def } = loaded;
  const holder = { app };
  const answers = app.answers || {};
  const names = await regionNames(def.pages.flatMap((p) => p.questions), answers, ctx.signal);
  const problems = h('div');
  const shown = visiblePages(def, answers);
  // Required documents still missing are asked here, above "Kirim": nothing else is left to do elsewhere.
  const uploads = shown
    .flatMap((p) => p.questions)
    .filter((q) => q.type === 'file' && editable(q.id) && !app.uploads?.[q.id] && isVisible(def.rules, q.id, answers) && isRequired(def.rules, q.id, answers))
    .map((q) => fileControl(q, holder, (target, message) => showProblems(problems, [{ target, message }])));
  const sections = shown.map((p) =>
    h(
      'section',
      { class: 'check-section', 'data-check-page': p.id },
      h('h2', { class: 'heading-m' }, p.title),
      summaryList(
        p.questions
          .filter((q) => isVisible(def.rules, q.id, answers))
          .map((q) => {
            const lines = q.type === 'file' ? (app.uploads?.[q.id] ? [app.uploads[q.id].filename] : []) : answerLines(q, answers[q.id], names);
            return {
              key: q.label,
              value: !lines.length
                ? h('span', { class: 'muted' }, t('Belum diisi'))
                : lines.length === 1 && q.type !== 'group'
                  ? h('span', { class: 'answer', 'data-answer': q.id }, lines[0])
                  : h('ul', { class: 'list answer-rows', 'data-answer': q.id }, lines.map((l) => h('li', null, l))),
              action: editable(q.id) ? h('a', { href: `#${pagePath(app.id, p.id, true)}` }, t('Ubah'), h('span', { class: 'visually-hidden' }, ` ${q.label}`)) : null,
            };
          }),
      ),
    ),
  );

  const sendLabel = fixing ? t('Kirim perbaikan') : t('Kirim permohonan');
  const send = button(sendLabel);
  const formEl = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        send.disabled = true;
        for (const c of uploads) await c.settle();
        send.disabled = false;
        const list = allProblems(def, holder.app).map((p) => {
          const here = uploads.find((c) => c.q.id === p.file);
          return here ? { target: here.targetOf(''), message: p.message } : { href: `#${pagePath(app.id, p.page.id, true)}`, message: p.message };
        });
        if (list.length) return showProblems(problems, list);
        send.disabled = true;
        send.textContent = t('Mengirim…');
        try {
          await api<Application>('POST', `/applications/${encodeURIComponent(app.id)}/submit`, {});
          flash({ kind: fixing ? 'resubmitted' : 'submitted' });
          go(appPath(app.id));
        } catch (err) {
          const e2 = err as ApiError;
          send.disabled = false;
          send.textContent = sendLabel;
          if (e2.code === 'session_expired') return signInAgain(ctx, e2.message);
          if (e2.code === 'not_draft') return go(appPath(app.id), true);
          const list2: Problem[] = e2.fields?.length
            ? e2.fields.map((f) => {
                const pid = f.field ? def.pages.find((p) => p.questions.some((q) => q.id === top(f.field as string)))?.id : null;
                return { href: pid ? `#${pagePath(app.id, pid, true)}` : null, message: f.field ? rowMessage(def, f.field, f.message) : f.message };
              })
            : [{ message: e2.message }];
          showProblems(problems, list2);
        }
      },
    },
    h('h2', { class: 'heading-m' }, fixing ? t('Kirim perbaikan') : atCounter() ? t('Kirim permohonan') : t('Kirim permohonan Anda')),
    h('p', { class: 'body' }, atCounter()
      ? t('Periksa jawaban ini bersama warga. Dengan mengirim, Anda menyatakan bahwa data dan dokumen sudah dicocokkan dengan aslinya dan warga menyetujuinya.')
      : t('Dengan mengirim permohonan ini, Anda menyatakan bahwa data dan dokumen yang Anda berikan benar.')),
    send,
  );

  const title = t('Periksa jawaban Anda');
  const last = shown[shown.length - 1];
  ctx.mount(
    `${title} – ${app.permitName}`,
    backLink(last ? `#${pagePath(app.id, last.id)}` : atCounter() ? '#/loket' : '#/permohonan'),
    problems,
    ...heading(title, `${captionOf(app)} – ${app.renewalOf && !atCounter() ? renewalOf(app) : t('Langkah {n} dari {total}', { n: shown.length + 1, total: shown.length + 1 })}`),
    formUpdateNotice(app),
    fixing ? correctionNotice(app) : null,
    inset(
      app.renewalOf ? t('Jawaban ini diambil dari izin {number}. Ubah bila ada yang berubah. ', { number: app.renewalOf }) : null,
      t('Setelah dikirim, jawaban tidak dapat diubah lagi.'),
    ),
    sections,
    uploads.length ? [h('h2', { class: 'heading-m' }, t('Dokumen yang masih diperlukan')), h('div', { 'data-uploads': '' }, uploads.map((c) => c.el))] : null,
    formEl,
  );
}

/** Reopen a draft where the person left it: the first page with a missing or wrong answer, else the check page. */
export async function resume(ctx: Ctx): Promise<void> {
  const loaded = await load(ctx);
  if (!loaded) return;
  const { app, def } = loaded;
  const open = fixing
    ? visiblePages(def, app.answers || {}).find(hasWork)
    : allProblems(def, app)[0]?.page;
  go(open ? pagePath(app.id, open.id) : `${appPath(app.id)}/periksa`, true);
}

/** In a correction: the staff member's note, above the form. */
function correctionNotice(app: Application): HTMLElement | null {
  const c = app.correction;
  if (!c) return null;
  return notice(t('Petugas meminta perbaikan: {note} Hanya isian yang diminta yang dapat diubah.', { note: c.note }));
}

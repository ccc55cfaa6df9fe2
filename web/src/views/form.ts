// Filling in an application: one page of the form definition at a time, uploads, check answers.
import { h } from '../dom';
import { t } from '../i18n';
import {
  api,
  application,
  form,
  uploadToStorage,
  ApiError,
  type Application,
  type FormDef,
  type Question,
  type UploadTicket,
} from '../api';
import { calendarDate, bytes } from '../format';
import { backLink, button, heading, showProblems, summaryList, inset, type Problem } from '../ui';
import { check, errorLine, extras, field, fieldId, label, setErrorOn, type Field } from '../fields';
import { flash, go, signInAgain, type Ctx } from '../router';
import { kept } from '../keep';
import { staffGuard } from './guard';

// The same pages serve a citizen filling in their own application (#/permohonan/…) and counter staff
// filling one in on a citizen's behalf (#/loket/permohonan/…): only the paths around them differ.
let base = '/permohonan';
const appPath = (id: string): string => `${base}/${encodeURIComponent(id)}`;
const pagePath = (id: string, pageId: string, back = false): string =>
  `${appPath(id)}/isi/${encodeURIComponent(pageId)}${back ? '?kembali=periksa' : ''}`;
const atCounter = (): boolean => base !== '/permohonan';

/** For counter staff: whose application this is (remembered when the counter started it). */
export const counterApplicant = (id: string): string | null => kept<Record<string, string>>('counter.apps')?.[id] ?? null;

async function load(ctx: Ctx): Promise<{ app: Application; def: FormDef } | null> {
  base = ctx.path.startsWith('/loket/') ? '/loket/permohonan' : '/permohonan';
  if (atCounter() && !staffGuard(ctx, ['counter'])) return null;
  const app = await application(ctx.params.id, ctx.signal);
  if (app.status !== 'draft') {
    go(appPath(app.id), true); // already submitted: the status page is the only place for it
    return null;
  }
  return { app, def: await form(app.permitId, ctx.signal) };
}

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

interface FileField extends Field {
  settle: () => Promise<boolean>;
  problem: () => string | null;
}

/** A file question: the upload starts as soon as a file is chosen; the page shows the filename once stored. */
function fileField(q: Question, holder: { app: Application }, onProblem: (target: string, message: string) => void): FileField {
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
    h('label', { class: 'label', for: id }, label(q)),
    ...extras(id, q),
    errorLine(id),
    // The native control's words follow the browser's language ("Choose File"): show our own
    // Indonesian button instead, over the real (still focusable, still labelled) input.
    status,
    h('div', { class: 'file-picker' }, input, chooser),
  );
  const self: FileField = {
    q,
    el: group,
    target: id,
    value: () => holder.app.uploads?.[q.id]?.filename ?? '',
    setError: (m) => {
      error = m;
      setErrorOn(group, id, [input], q, m);
    },
    settle: () => pending,
    problem: () => error,
  };
  const showStored = (): void => {
    const stored = holder.app.uploads?.[q.id];
    status.textContent = '';
    chooser.textContent = stored ? t('Ganti berkas') : t('Pilih berkas');
    if (stored) {
      status.append(
        h('p', { class: 'upload-done' }, h('strong', null, t('Berkas terunggah:')), ' ', h('span', { class: 'upload-done__name' }, stored.filename)),
      );
    }
  };
  showStored();

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
      self.setError(problem);
      onProblem(id, problem);
      input.value = '';
      return;
    }
    self.setError(null);
    status.textContent = t('Mengunggah {name}…', { name: file.name });
    pending = (async () => {
      const ticket = await api<UploadTicket>('POST', `/applications/${encodeURIComponent(holder.app.id)}/uploads`, {
        field: q.id,
        filename: file.name,
        contentType: type,
        size: file.size,
      });
      await uploadToStorage(ticket, file, (pct) => (status.textContent = t('Mengunggah {name}… {pct}%', { name: file.name, pct })));
      // The upload changed the draft (and its version): take the server's copy.
      holder.app = await application(holder.app.id);
      input.value = '';
      showStored();
      return true;
    })().catch((err: unknown) => {
      const e = err as ApiError;
      showStored();
      const fieldMsg = e.fields?.find((f) => f.field === q.id)?.message;
      self.setError(fieldMsg || e.message);
      onProblem(id, fieldMsg || e.message);
      input.value = '';
      return false;
    });
  });
  return self;
}

export async function questionPage(ctx: Ctx): Promise<void> {
  const loaded = await load(ctx);
  if (!loaded) return;
  const { def } = loaded;
  const holder = { app: loaded.app };
  const index = def.pages.findIndex((p) => p.id === ctx.params.pageId);
  if (index < 0) throw new ApiError(404, 'not_found', t('Halaman formulir ini tidak ada.'));
  const page = def.pages[index];
  const backToCheck = ctx.query.get('kembali') === 'periksa';
  const problems = h('div');

  const fields: Field[] = page.questions.map((q) =>
    q.type === 'file'
      ? fileField(q, holder, (target, message) => showProblems(problems, [{ target, message }]))
      : field(q, holder.app.answers?.[q.id] ?? ''),
  );
  const typed = fields.filter((f) => f.q.type !== 'file');

  const save = async (draft: boolean, buttons: HTMLButtonElement[]): Promise<void> => {
    const list: Problem[] = [];
    buttons.forEach((b) => (b.disabled = true));
    try {
      for (const f of fields) {
        if ('settle' in f) await (f as FileField).settle();
      }
      for (const f of fields) {
        let m: string | null;
        if ('problem' in f) {
          m = (f as FileField).problem();
          if (!m && !draft && f.q.required && !f.value()) m = t('{label} belum diunggah.', { label: f.q.label });
        } else m = check(f.q, f.value(), draft);
        f.setError(m);
        if (m) list.push({ target: f.target, message: m });
      }
      if (list.length) return showProblems(problems, list);

      if (typed.length) {
        const answers: Record<string, string> = {};
        for (const f of typed) {
          const v = f.value();
          if (v) answers[f.q.id] = v;
          else if (holder.app.answers?.[f.q.id] && !f.q.minLength && !f.q.required) answers[f.q.id] = '';
        }
        try {
          holder.app = await api<Application>('PUT', `/applications/${encodeURIComponent(holder.app.id)}/answers`, {
            answers,
            version: holder.app.version,
          });
        } catch (err) {
          const e = err as ApiError;
          if (e.code === 'not_draft') return go(appPath(holder.app.id), true);
          if (e.code === 'version_conflict') {
            holder.app = await application(holder.app.id);
            return showProblems(problems, [
              {
                message: t('Draf ini baru saja diubah di tempat lain (mungkin di tab lain). Periksa jawaban di halaman ini: bila Anda menyimpan lagi, jawaban ini yang dipakai.'),
              },
            ]);
          }
          if (e.fields?.length) {
            for (const p of e.fields) {
              const f = fields.find((x) => x.q.id === p.field);
              f?.setError(p.message);
              list.push({ target: f?.target, message: p.message });
            }
            return showProblems(problems, list);
          }
          if (e.code === 'session_expired') throw e;
          return showProblems(problems, [{ message: e.message }]);
        }
      }
      if (draft) {
        flash({ kind: 'saved', message: t('Draf permohonan {name} sudah disimpan. Anda dapat melanjutkannya kapan saja dari halaman ini.', { name: holder.app.permitName }) });
        return go(atCounter() ? '/loket' : '/permohonan');
      }
      const next = def.pages[index + 1];
      go(backToCheck || !next ? `${appPath(holder.app.id)}/periksa` : pagePath(holder.app.id, next.id));
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
    fields.map((f) => f.el),
    h('div', { class: 'button-group' }, next, later),
  );

  const back = backToCheck
    ? `#${appPath(holder.app.id)}/periksa`
    : index > 0
      ? `#${pagePath(holder.app.id, def.pages[index - 1].id)}`
      : atCounter()
        ? '#/loket/warga'
        : `#/izin/${encodeURIComponent(holder.app.permitId)}`;
  const caption = `${captionOf(holder.app)} – ${t('Langkah {n} dari {total}', { n: index + 1, total: def.pages.length + 1 })}`;
  ctx.mount(
    `${page.title} – ${holder.app.permitName}`,
    backLink(back),
    problems,
    ...heading(page.title, caption),
    formEl,
  );
}

/** The permit's name; at the counter also whose application it is. */
function captionOf(app: Application): string {
  const who = atCounter() ? counterApplicant(app.id) : null;
  return who ? `${app.permitName} ${t('atas nama {name}', { name: who })}` : app.permitName;
}

function answerText(q: Question, app: Application): string {
  if (q.type === 'file') return app.uploads?.[q.id]?.filename ?? '';
  const v = app.answers?.[q.id] ?? '';
  if (!v) return '';
  if (q.options) return q.options.find((o) => o.value === v)?.label ?? v;
  if (q.type === 'date') return calendarDate(v);
  return v;
}

/** Which page a problem belongs to, so the error summary can link to it. */
function pageOf(def: FormDef, fieldName: string | null): string | null {
  return def.pages.find((p) => p.questions.some((q) => q.id === fieldName))?.id ?? null;
}

export async function checkAnswers(ctx: Ctx): Promise<void> {
  const loaded = await load(ctx);
  if (!loaded) return;
  const { app, def } = loaded;
  const problems = h('div');
  const sections = def.pages.map((p) =>
    h(
      'section',
      { class: 'check-section' },
      h('h2', { class: 'heading-m' }, p.title),
      summaryList(
        p.questions.map((q) => {
          const text = answerText(q, app);
          return {
            key: q.label,
            value: text ? h('span', { class: 'answer', 'data-answer': q.id }, text) : h('span', { class: 'muted' }, t('Belum diisi')),
            action: h('a', { href: `#${pagePath(app.id, p.id, true)}` }, t('Ubah'), h('span', { class: 'visually-hidden' }, ` ${q.label}`)),
          };
        }),
      ),
    ),
  );

  const send = button(t('Kirim permohonan'));
  const missing = (): Problem[] =>
    def.pages.flatMap((p) =>
      p.questions
        .filter((q) => q.required && !answerText(q, app))
        .map((q) => ({
          href: `#${pagePath(app.id, p.id, true)}`,
          message: q.type === 'file' ? t('{label} belum diunggah.', { label: q.label }) : t('{label} wajib diisi.', { label: q.label }),
        })),
    );

  const formEl = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const list = missing();
        if (list.length) return showProblems(problems, list);
        send.disabled = true;
        send.textContent = t('Mengirim…');
        try {
          await api<Application>('POST', `/applications/${encodeURIComponent(app.id)}/submit`, {});
          flash({ kind: 'submitted' });
          go(appPath(app.id));
        } catch (err) {
          const e2 = err as ApiError;
          send.disabled = false;
          send.textContent = t('Kirim permohonan');
          if (e2.code === 'session_expired') return signInAgain(ctx, e2.message);
          if (e2.code === 'not_draft') return go(appPath(app.id), true);
          const list2: Problem[] = e2.fields?.length
            ? e2.fields.map((f) => {
                const pid = pageOf(def, f.field);
                return { href: pid ? `#${pagePath(app.id, pid, true)}` : null, message: f.message };
              })
            : [{ message: e2.message }];
          showProblems(problems, list2);
        }
      },
    },
    h('h2', { class: 'heading-m' }, atCounter() ? t('Kirim permohonan') : t('Kirim permohonan Anda')),
    h('p', { class: 'body' }, atCounter()
      ? t('Periksa jawaban ini bersama warga. Dengan mengirim, Anda menyatakan bahwa data dan dokumen sudah dicocokkan dengan aslinya dan warga menyetujuinya.')
      : t('Dengan mengirim permohonan ini, Anda menyatakan bahwa data dan dokumen yang Anda berikan benar.')),
    send,
  );

  const title = t('Periksa jawaban Anda');
  const last = def.pages[def.pages.length - 1];
  ctx.mount(
    `${title} – ${app.permitName}`,
    backLink(last ? `#${pagePath(app.id, last.id)}` : atCounter() ? '#/loket' : '#/permohonan'),
    problems,
    ...heading(title, `${captionOf(app)} – ${t('Langkah {n} dari {total}', { n: def.pages.length + 1, total: def.pages.length + 1 })}`),
    inset(t('Setelah dikirim, jawaban tidak dapat diubah lagi.')),
    sections,
    formEl,
  );
}

/** Reopen a draft where the citizen left it: the first page with a missing answer, else the check page. */
export async function resume(ctx: Ctx): Promise<void> {
  const loaded = await load(ctx);
  if (!loaded) return;
  const { app, def } = loaded;
  const open = def.pages.find((p) => p.questions.some((q) => q.required && !answerText(q, app)));
  go(open ? pagePath(app.id, open.id) : `${appPath(app.id)}/periksa`, true);
}

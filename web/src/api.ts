// The public API, as the contract in docs describes it. Every failure becomes an ApiError with a
// message in the citizen's language, so no screen ever has to show a raw status code.
import { lang, t } from './i18n';

export interface User {
  name: string;
  roles: string[];
  agency: string | null;
  office?: string | null;
}
/** What POST /auth/sessions (and /auth/sessions/challenge) answers: tokens, or the next step. */
export interface Tokens {
  idToken: string;
  expiresIn: number;
  user: User;
}
export interface Challenge {
  challenge: 'NEW_PASSWORD' | 'TOTP_SETUP' | 'TOTP';
  ticket: string;
  secret?: string;
  otpauthUri?: string;
}
export type SignInStep = Tokens | Challenge;
/** Where a one-time code went (registration, resend, contact change). */
export interface CodeSent {
  channel: 'email' | 'sms';
  sentTo: string;
  expiresInSeconds: number;
}
export interface Region {
  code: string;
  name: string;
}
export interface Address {
  province: string;
  regency: string;
  district: string;
  village: string;
  street: string;
  rt: string | null;
  rw: string | null;
  postalCode: string | null;
}
export interface Profile {
  personId: string;
  nik: string;
  name: string;
  birthDate: string | null;
  sex: 'L' | 'P' | null;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  phoneVerified: boolean;
  kk: string | null;
  birthPlace: string | null;
  address: Address | null;
  addressNames: { province: string; regency: string; district: string; village: string } | null;
  language: 'id' | 'en';
  channels: string[];
}
export interface Person {
  personId: string;
  name: string;
  birthDate?: string | null;
  hasAccount?: boolean;
  contact?: { email: string | null; phone: string | null };
}
export interface StaffMember {
  username: string;
  name: string;
  email: string;
  office: string;
  roles: string[];
  enabled: boolean;
}
export interface Agency {
  id: string;
  name: string;
  offices: { id: string; name: string }[];
}
export interface Session {
  idToken: string;
  expiresAt: number;
  user: User;
}
/** A catalogue entry as GET /catalogue and GET /catalogue/{id} summarise it. */
export interface Permit {
  id: string;
  version: number;
  name: string;
  agency: { id: string; name: string };
  description: string;
  /** 0: free; null: computed by the agency (e.g. the vehicle tax). */
  feeRupiah: number | null;
  feeRule: 'free' | 'fixed' | 'tiered' | 'computed';
  feeBasis: string | null;
  slaDays: number;
  legalBasis: string | null;
  lifeEvents: string[];
  validityMonths: number | null;
  renewal: { windowDays: number; graceDays?: number; afterExpiry?: 'renew' | 'new' } | null;
  requirements: { document: string; example: string | null }[];
  faq: { q: string; a: string }[];
  /** In search results: why a synonym leads here ("perpanjang ktp": an e-KTP is valid for life). */
  searchNote?: string | null;
}
/** A catalogue figure awaiting the agency's confirmation (GET /agency/catalogue/unconfirmed). */
export interface UnconfirmedFigure {
  agency: string;
  permitId: string;
  permitName: string;
  version: number;
  field: string;
  label: string;
  figure: string;
  regulation: string;
  note: string | null;
}
export interface Catalogue {
  permits: Permit[];
  lifeEvents: { id: string; label: string; count: number }[];
  agencies: { id: string; name: string; count: number }[];
}
/** An issued permit ("Izin Saya", GET /permits). */
export interface IssuedPermit {
  number: string;
  permitId: string;
  permitName: string;
  agency: string;
  holderName: string;
  issuedOn: string;
  validUntil: string | null;
  state: 'active' | 'expiring' | 'expired' | 'renewed' | 'revoked';
  stateLabel: string;
  previous: string | null;
  renewedBy: string | null;
  renewal: { allowed: boolean; late?: boolean; deadline?: string; opensOn?: string; reason?: string; newApplication?: boolean };
  applicationId: string | null;
}
export interface Option {
  value: string;
  label: string;
}
export interface Question {
  id: string;
  type: 'text' | 'date' | 'select' | 'radio' | 'number' | 'textarea' | 'file' | 'group';
  label: string;
  /** The short noun used inside messages and buttons ("produk"), when the API gives one. */
  name?: string | null;
  hint?: string | null;
  example?: string | null;
  required?: boolean;
  options?: Option[];
  /** Choices from a list the API serves: Kemendagri regions, under the answer to `parent`. */
  choices?: { source: 'regions'; parent?: string } | null;
  accept?: string;
  maxBytes?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  ref?: string;
  prefill?: string;
  /** The sub-questions of each row of a `group`. */
  questions?: Question[];
  /** Client-side only (the client's own questions, e.g. registration): the kind of text input. */
  input?: 'password' | 'email' | 'tel' | 'numeric';
  autocomplete?: string;
}
export interface FormPage {
  id: string;
  title: string;
  questions: Question[];
  /** JSON Logic over the answers: the page is skipped when false (its questions carry it in `rules` too). */
  visibleIf?: unknown;
}
/** A form as GET /catalogue/{id}/form serves it: the pages to show, and the compiled artefacts both
 * validators run (docs/forms.md). */
export interface FormDef {
  permitId: string;
  version: number;
  title: string;
  pages: FormPage[];
  schema: Record<string, unknown>;
  rules: { questions: Record<string, { visibleIf?: unknown; requiredIf?: unknown }> };
  messages: { questions: Record<string, Record<string, string>>; form: Record<string, string> };
}
/** One answer: text (also dates and region codes), an integer, or the rows of a group. */
export type Answer = string | number | Record<string, string | number>[];
export type Answers = Record<string, Answer>;
export interface FieldProblem {
  field: string | null;
  message: string;
}
export interface TimelineEvent {
  at: string;
  type: string;
  label: string;
  actorRole?: string | null;
  /** A send-back: the staff member's note and the fields to correct. */
  note?: string | null;
  fields?: string[] | null;
}
export interface Correction {
  fields: string[];
  note: string;
  at: string;
  dueAt: string;
}
/** What the citizen owes after approval (GET /applications/{id} `invoice`): amounts in whole rupiah. */
export interface Invoice {
  id: string;
  applicationId: string;
  status: 'unpaid' | 'paid' | 'expired';
  statusLabel: string;
  total: number;
  currency: string;
  /** `label` starts with what the line is in law ("Pajak: PKB dan SWDKLLJ"); `kind` says it for code. */
  lines: { label: string; kind: 'pajak' | 'retribusi' | 'biaya'; amount: number; revenueAccount: string; revenueAccountConfirmed: boolean }[];
  /** Digits only; null unless it can be paid now. */
  virtualAccount: string | null;
  /** The dynamic QRIS payload (text for a QR code); null unless it can be paid now. */
  qris: string | null;
  createdAt: string;
  expiresAt: string;
  secondsLeft: number;
  paidAt: string | null;
  payment: { channel: 'VA' | 'QRIS'; bankReference: string; amount: number } | null;
}
export interface Application {
  id: string;
  permitId: string;
  permitName: string;
  status: string;
  statusLabel: string;
  answers: Answers;
  uploads: Record<string, { filename: string; key: string; url?: string; status?: string; problem?: string }>;
  version: number;
  reasons: FieldProblem[];
  documentNumber?: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string | null;
  timeline?: TimelineEvent[];
  filedBy?: { office: string | null; agency: string | null; at: string } | null;
  applicantName?: string;
  formVersion?: number;
  /** The form changed since this draft began: these answers are no longer asked (dropped at the next save). */
  formUpdate?: { from: number; to: number; removed: string[] } | null;
  /** After a save: what the draft's answers still need fixing (a draft is stored as typed). */
  problems?: { field: string | null; message: string }[];
  /** When the person last changed the draft (updatedAt also moves for system changes). */
  editedAt?: string | null;
  /** A renewal: the number of the permit it renews (its answers were carried over). */
  renewalOf?: string | null;
  /** The workflow step the application waits at (role, not name); `last`: approving it approves the application. */
  step?: { id: string; label: string; role: string; seq: number; dueAt: string; stage: string; last?: boolean } | null;
  feeRule?: 'free' | 'fixed' | 'tiered' | 'computed';
  /** The invoice once approved with a fee (null when free or not yet approved). */
  invoice?: Invoice | null;
  /** Sent back for correction: what to fix, why, and until when. */
  correction?: Correction | null;
  /** What the person should do now, in their language. */
  nextAction?: string | null;
}
export interface Task {
  applicationId: string;
  permitName: string;
  applicantName: string;
  submittedAt: string;
  status: string;
  statusLabel: string;
}
export interface UploadTicket {
  url: string;
  fields: Record<string, string>;
  key: string;
  expiresIn: number;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 20000;
const SESSION_KEY = 'pisao.session';

function base(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="pisao-api"]');
  return (meta?.content || '/api').replace(/\/+$/, '');
}

// ---- session (sessionStorage: closing the tab signs out) ----
let cached: Session | null | undefined;

export function session(): Session | null {
  if (cached === undefined) {
    try {
      cached = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null') as Session | null;
    } catch {
      cached = null;
    }
  }
  if (cached && cached.expiresAt < Date.now()) clearSession();
  return cached ?? null;
}

export function setSession(s: Session): void {
  cached = s;
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  } catch {
    /* storage refused: the session lasts until reload */
  }
}

export function clearSession(): void {
  cached = null;
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* ignore */
  }
}

export const isStaff = (u: User | undefined): boolean => !!u && u.roles.some((r) => r !== 'citizen');
export const hasRole = (u: User | undefined, ...roles: string[]): boolean => !!u && u.roles.some((r) => roles.includes(r));

/** Where a signed-in person starts: citizens at their applications, staff at their role's console. */
export function homeOf(u: User | undefined): string {
  if (!isStaff(u)) return '/permohonan';
  if (hasRole(u, 'verifier', 'approver')) return '/petugas';
  if (hasRole(u, 'counter')) return '/loket';
  if (hasRole(u, 'agency_admin', 'system_admin')) return '/petugas/staf';
  if (hasRole(u, 'treasurer')) return '/petugas/kas';
  return '/petugas';
}

/** Keep the tokens of a finished sign-in. */
export function startSession(r: Tokens): Session {
  const s: Session = { idToken: r.idToken, expiresAt: Date.now() + (r.expiresIn - 30) * 1000, user: r.user };
  setSession(s);
  return s;
}

// ---- requests ----
function failure(status: number): ApiError {
  if (status === 0) {
    return new ApiError(0, 'network', t('Tidak dapat terhubung ke server. Periksa koneksi internet Anda, lalu coba lagi.'));
  }
  if (status === 401) return new ApiError(401, 'unauthorized', t('Silakan masuk terlebih dahulu.'));
  if (status === 403) return new ApiError(403, 'forbidden', t('Anda tidak berhak membuka halaman ini.'));
  if (status === 404) return new ApiError(404, 'not_found', t('Data yang Anda cari tidak ditemukan.'));
  if (status === 429) return new ApiError(429, 'busy', t('Terlalu banyak permintaan. Tunggu sebentar, lalu coba lagi.'));
  if (status >= 500) {
    return new ApiError(status, 'server', t('Layanan sedang mengalami gangguan. Silakan coba lagi beberapa saat lagi.'));
  }
  return new ApiError(status, 'http', t('Permintaan tidak dapat diproses. Silakan coba lagi.'));
}

/** `anonymous`: a public step of signing in or registering, sent without the current session's token
 * (a refusal there is about the step, never "your session has ended"). */
export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, anonymous = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const s = anonymous ? null : session();
  if (s) headers.Authorization = `Bearer ${s.idToken}`;

  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  const onAbort = (): void => ctl.abort();
  signal?.addEventListener('abort', onAbort);
  let res: Response;
  try {
    res = await fetch(base() + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctl.signal,
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (err) {
    if (signal?.aborted) throw new ApiError(0, 'aborted', 'aborted');
    if (ctl.signal.aborted) {
      throw new ApiError(0, 'timeout', t('Server terlalu lama menjawab. Periksa koneksi internet Anda, lalu coba lagi.'));
    }
    throw failure(0);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }

  let data: unknown = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.ok) {
    if (data === null && res.status !== 204) throw failure(502);
    return data as T;
  }
  const e = (data as { error?: { code?: string; message?: string; fields?: FieldProblem[] } } | null)?.error;
  const err = e?.message ? new ApiError(res.status, e.code || 'error', e.message, e.fields || []) : failure(res.status);
  if (res.status === 401 && s) {
    clearSession();
    err.code = 'session_expired';
    err.message = t('Sesi Anda telah berakhir. Silakan masuk lagi.');
  }
  throw err;
}

// ---- small caches for public, rarely changing data ----
let catalogueCache: Promise<Catalogue> | null = null;
const formCache = new Map<string, Promise<FormDef>>();

export function dropCaches(): void {
  catalogueCache = null;
  formCache.clear();
}

/** The whole catalogue (cached), or a search (`q`, typos tolerated) and filters (`lifeEvent`, `agency`). */
export function catalogue(signal?: AbortSignal, find: Record<string, string> = {}): Promise<Catalogue> {
  const qs = new URLSearchParams(Object.entries(find).filter(([, v]) => v)).toString();
  if (qs) return api<Catalogue>('GET', `/catalogue?${qs}`, undefined, signal);
  if (!catalogueCache) {
    catalogueCache = api<Catalogue>('GET', '/catalogue', undefined, signal);
    catalogueCache.catch(() => (catalogueCache = null));
  }
  return catalogueCache;
}

export function form(permitId: string, signal?: AbortSignal): Promise<FormDef> {
  let p = formCache.get(permitId);
  if (!p) {
    p = api<FormDef>('GET', `/catalogue/${encodeURIComponent(permitId)}/form`, undefined, signal);
    formCache.set(permitId, p);
    p.catch(() => formCache.delete(permitId));
  }
  return p;
}

const regionCache = new Map<string, Promise<Region[]>>();

/** Kemendagri regions: provinces (no code), or the children of a province, regency or district. */
export function regions(code = '', signal?: AbortSignal): Promise<Region[]> {
  let p = regionCache.get(code);
  if (!p) {
    p = api<{ regions: Region[] }>('GET', code ? `/regions/${encodeURIComponent(code)}` : '/regions', undefined, signal).then((r) => r.regions);
    regionCache.set(code, p);
    p.catch(() => regionCache.delete(code));
  }
  return p;
}

export const application = (id: string, signal?: AbortSignal): Promise<Application> =>
  api<Application>('GET', `/applications/${encodeURIComponent(id)}`, undefined, signal);

/** POST the file to the presigned storage URL: every field first, the file last. */
export function uploadToStorage(ticket: UploadTicket, file: File, onProgress: (pct: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(ticket.fields)) data.append(k, v);
    data.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', ticket.url);
    xhr.timeout = 120000;
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else if (/EntityTooLarge/.test(xhr.responseText)) reject(new ApiError(xhr.status, 'file_size', t('Berkas terlalu besar.')));
      else if (/expired/i.test(xhr.responseText)) {
        reject(new ApiError(xhr.status, 'expired', t('Izin unggah sudah kedaluwarsa. Pilih berkas lagi.')));
      } else reject(new ApiError(xhr.status, 'upload', t('Berkas gagal diunggah. Silakan coba lagi.')));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', t('Berkas gagal diunggah karena koneksi terputus. Periksa koneksi internet Anda, lalu coba lagi.')));
    xhr.ontimeout = () => reject(new ApiError(0, 'timeout', t('Unggahan terlalu lama. Periksa koneksi internet Anda, lalu coba lagi.')));
    xhr.send(data);
  });
}

// Types of the browser form engine (engine.js stays plain JavaScript so Node runs it unbuilt against
// the shared vectors; this file lets the TypeScript views use it with strict checking).

export interface Rules {
  questions: Record<string, { visibleIf?: unknown; requiredIf?: unknown }>;
  /** answer path ("nik", "anggota.nik") → how a typed value is read */
  normalize?: Record<string, 'nik' | 'phone'>;
  /** the checks after the schema that both sides run */
  checks?: Record<string, { pastDate?: boolean; holder?: { sex?: 'L' | 'P'; ageAt?: { date: string; min: number; max: number } } }>;
}
export interface Messages {
  questions: Record<string, Record<string, string>>;
  form: Record<string, string>;
}
/** The compiled artefacts of GET /catalogue/{id}/form. */
export interface Compiled {
  schema: Record<string, unknown>;
  rules: Rules;
  messages: Messages;
}
/** One problem: `field` is a path such as `nik` or `produk.0.nama_produk`. */
export interface EngineError {
  field: string | null;
  message: string;
}

export const KEYWORDS: string[];
export function isEmpty(v: unknown): boolean;
export function truthy(rule: unknown, data: object): boolean;
export function visibleAnswers(rules: Rules, answers: Record<string, unknown>): Record<string, unknown>;
export function isVisible(rules: Rules, name: string, answers: Record<string, unknown>): boolean;
export function isRequired(rules: Rules, name: string, answers: Record<string, unknown>): boolean;
export function normalizeNik(v: unknown): unknown;
export function normalizePhone(v: unknown): unknown;
export function normalized(rules: Rules, answers: Record<string, unknown>): Record<string, unknown>;
export function validate(
  form: Compiled,
  answers: unknown,
  options?: { partial?: boolean; today?: string },
): { kept: Record<string, unknown>; errors: EngineError[] };

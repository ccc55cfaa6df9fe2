// Bahasa Indonesia is the source language: every visible string is written in Indonesian in the
// code and looked up in the English table only when the citizen picks English (loaded on demand,
// so the Indonesian first load carries no translation weight). Permit names, questions and
// messages from the API come already translated (Accept-Language).

export type Lang = 'id' | 'en';

let current: Lang = 'id';
let table: Record<string, string> | null = null;

export function storedLang(): Lang {
  try {
    return localStorage.getItem('pisao.lang') === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function lang(): Lang {
  return current;
}

export async function setLang(next: Lang): Promise<void> {
  if (next === 'en' && !table) table = (await import('./en')).EN;
  current = next;
  try {
    localStorage.setItem('pisao.lang', next);
  } catch {
    /* private mode or sandboxed iframe: the choice lasts for this page only */
  }
  document.documentElement.lang = next;
}

/** More English words, from a lazy chunk (the staff console brings its own, so citizens never load them). */
const more: Record<string, string> = {};
export function addWords(words: Record<string, string>): void {
  Object.assign(more, words);
}

export function t(text: string, vars?: Record<string, string | number>): string {
  let out = current === 'en' && table ? table[text] ?? more[text] ?? text : text;
  if (vars) out = out.replace(/\{(\w+)\}/g, (_: string, k: string) => String(vars[k] ?? ''));
  return out;
}

// An answer as people read it: option labels instead of codes, dates in words, region names, and each
// row of a group on one line ("Keripik Singkong — Makanan ringan — 250"). Shared by check-your-answers
// and the staff's view of an application.
import { regions, type Answer, type Answers, type Question } from './api';
import { calendarDate } from './format';

function one(q: Question, v: unknown, names?: Map<string, string>): string {
  if (v === undefined || v === null || v === '') return '';
  const s = String(v);
  if (q.options) return q.options.find((o) => o.value === s)?.label ?? s;
  if (q.choices?.source === 'regions') return names?.get(s) ?? s;
  if (q.type === 'date') return calendarDate(s);
  return s;
}

/** The lines of one answer: none when unanswered, one per row for a group. */
export function answerLines(q: Question, v: Answer | undefined | null, names?: Map<string, string>): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) {
    return v.map((row) => (q.questions || []).map((sub) => one(sub, row?.[sub.id])).filter(Boolean).join(' — '));
  }
  return [one(q, v, names)];
}

/** The names of the region codes among these answers (the region lists are cached, so this is cheap). */
export async function regionNames(questions: Question[], answers: Answers, signal?: AbortSignal): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    questions
      .filter((q) => q.choices?.source === 'regions' && typeof answers[q.id] === 'string' && answers[q.id])
      .map(async (q) => {
        const parent = q.choices?.parent ? String(answers[q.choices.parent] ?? '') : '';
        if (q.choices?.parent && !parent) return;
        try {
          const hit = (await regions(parent, signal)).find((r) => r.code === answers[q.id]);
          if (hit) names.set(hit.code, hit.name);
        } catch {
          /* the code is shown instead */
        }
      }),
  );
  return names;
}

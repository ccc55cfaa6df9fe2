// The shared form test vectors against the browser's form engine (src/forms/engine.js). The compiled
// artefacts (schema, rules, messages) come from the server's GET /catalogue/{id}/form, written to
// FORMS_DIR by tests/unit/test_form_vectors_js.py; cases marked serverOnly need rules only the server runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../src/forms/engine.js';

const FORMS = process.env.FORMS_DIR;
const VECTORS = process.env.VECTORS_DIR;
if (!FORMS || !VECTORS) throw new Error('set FORMS_DIR and VECTORS_DIR (see tests/unit/test_form_vectors_js.py)');

const compiled = (permit, lang) => JSON.parse(readFileSync(join(FORMS, `${permit}.${lang}.json`), 'utf8'));

for (const file of ['forms.core.json', 'forms.generated.json']) {
  const { forms } = JSON.parse(readFileSync(join(VECTORS, file), 'utf8'));
  for (const { permit, lang, cases } of forms) {
    const form = compiled(permit, lang);
    for (const c of cases) {
      if (c.serverOnly) continue;
      test(`${file} ${permit}/${lang}: ${c.name}`, () => {
        const { errors } = validate(form, c.answers, { partial: Boolean(c.partial) });
        const got = Object.fromEntries(errors.map((e) => [e.field ?? '', e.message]));
        assert.deepEqual(got, c.errors);
      });
    }
  }
}

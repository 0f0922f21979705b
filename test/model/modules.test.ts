/**
 * Every model module loads. The modules are imported inside the test, not at the top of the file:
 * a module whose evaluation throws (a constant computed at load, e.g. `-(1n << 127n)`) then fails
 * this test instead of leaving a test file without results, which the mutation run
 * (`npm run mutation`) would not count as a failure.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const MODEL = new URL('../../model/', import.meta.url);
const files = (readdirSync(MODEL, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.ts')).sort();

describe('model modules', () => {
  it('there are model modules to load', () => expect(files.length).toBeGreaterThan(20));

  it('each one loads', async () => {
    for (const f of files) await expect(import(new URL(f.split('\\').join('/'), MODEL).href), f).resolves.toBeTypeOf('object');
  });
});

/**
 * The rule as hub (spec/rules.ts): each rule names the model function(s) that implement it, and
 * each is covered by a property, checked by lockstep only (with the reason), or a declared gap.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { RULES } from '../../spec/rules.ts';

const ROOT = new URL('../../', import.meta.url);

describe('spec/rules.ts', () => {
  it('every rule names at least one model function', () => {
    for (const r of RULES) expect(r.model.length, r.id).toBeGreaterThan(0);
  });

  it('every model reference resolves: the file exists and exports that function (a rename breaks this test)', async () => {
    for (const r of RULES) {
      for (const ref of r.model) {
        const [file, name] = ref.split('#') as [string, string];
        expect(file, `${r.id}: ${ref}`).toMatch(/^model\/.+\.ts$/);
        expect(name, `${r.id}: ${ref}`).toMatch(/^[A-Za-z_$][\w$]*$/);
        const url = new URL(file, ROOT);
        expect(existsSync(url), `${r.id}: ${file} does not exist`).toBe(true);
        const mod = (await import(url.href)) as Record<string, unknown>;
        expect(typeof mod[name], `${r.id}: ${file} exports no function ${name}`).toBe('function');
      }
    }
  });

  it('every rule has properties covering it, a lockstep-only reason, or a declared gap (exactly one of these)', () => {
    for (const r of RULES) {
      const covering = PROPERTIES.filter((p) => p.rules.includes(r.id)).map((p) => p.id);
      const declared = [r.lockstepOnly, r.gap].filter((x) => x !== undefined);
      if (covering.length > 0) expect(declared, `${r.id} is covered by ${covering.join(', ')}: drop its lockstepOnly/gap`).toEqual([]);
      else {
        expect(declared.length, `${r.id} has no property: give it a lockstepOnly reason or a gap`).toBe(1);
        expect(declared[0]!.trim().length, r.id).toBeGreaterThan(20);
      }
    }
  });
});

/** docs/catalogue.md is generated from the code (scripts/catalogue.ts): it must be current. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, modelLocation, renderCatalogue } from '../scripts/catalogue.ts';
import { PROPERTIES } from '../properties/index.ts';
import { ruleAnchor, RULES } from '../spec/rules.ts';

describe('docs/catalogue.md', () => {
  it('is what the code generates (run `npm run docs:catalogue` when this fails)', () => {
    expect(renderCatalogue()).toBe(readFileSync(CATALOGUE, 'utf8'));
  });

  it('has a section per rule and per property, each rule with its model function(s) at the line of their export', () => {
    const page = readFileSync(CATALOGUE, 'utf8');
    for (const r of RULES) {
      expect(page, r.id).toContain(`\n### ${r.id}\n`);
      expect(ruleAnchor(r.id)).toBe(r.id.toLowerCase());
      for (const ref of r.model) {
        const m = modelLocation(ref);
        const line = readFileSync(new URL(`../${m.file}`, import.meta.url), 'utf8').split('\n')[m.line - 1]!;
        expect(line, ref).toMatch(new RegExp(`^export .*\\b${m.name}\\b`));
        expect(page, ref).toContain(`${m.file}:${m.line}`);
      }
    }
    for (const p of PROPERTIES) expect(page, p.id).toContain(`\n### ${p.id}\n`);
  });
});

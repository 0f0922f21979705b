/**
 * README.md is the front door: its generated part ("What it covers") is current, it links to the
 * catalogue instead of holding it, it names THE set-up and THE test command (.ci/run calls exactly
 * these), and it stays short.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../properties/index.ts';
import { CATALOGUE_PATH, renderReadme } from '../scripts/readme.ts';
import { RULES } from '../spec/rules.ts';

const README = new URL('../README.md', import.meta.url);
const current = readFileSync(README, 'utf8');

describe('README', () => {
  it('its generated part is as the code has it (run `npm run docs` when this fails)', () => {
    expect(renderReadme(current)).toBe(current);
  });

  it('links to the catalogue and does not hold it (no rule statement, no property claim)', () => {
    expect(current).toContain(`](${CATALOGUE_PATH})`);
    for (const r of RULES) expect(current, r.id).not.toContain(r.statement);
    for (const p of PROPERTIES) expect(current, p.id).not.toContain(p.claim);
  });

  it('marks THE set-up and THE test command, the two that .ci/run calls', () => {
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/^scripts\/setup\.sh$/m);
    expect(ci).toMatch(/^npm test\b/m);
    expect(current).toMatch(/^scripts\/setup\.sh +# THE set-up/m);
    expect(current).toMatch(/^npm test +# THE test command/m);
  });

  it('stays a front door: at most 12,500 bytes (the manual is docs/usage.md)', () => {
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(12_500);
  });
});

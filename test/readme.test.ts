/** The README's catalogue is generated from the code: it must be current. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../scripts/readme.ts';

describe('README', () => {
  it('lists every invariant, rule and divergence as the code has them (run `npm run docs` when this fails)', () => {
    const current = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(renderReadme(current)).toBe(current);
  });
});

/** reports/documents-vs-contracts.md is generated from spec/divergences.ts: it must be current. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE, renderDivergencePage } from '../scripts/divergence-page.ts';
import { witnessedAgainst } from '../spec/divergences.ts';

describe('reports/documents-vs-contracts.md', () => {
  it('is what spec/divergences.ts generates (run `npm run docs` when this fails)', () => {
    expect(renderDivergencePage()).toBe(readFileSync(PAGE, 'utf8'));
  });

  it("lists each difference of the v2 contracts with its witness, the document sentence and the contracts' reading", () => {
    const page = readFileSync(PAGE, 'utf8');
    const diffs = witnessedAgainst('blend-v2');
    expect(diffs.length).toBeGreaterThanOrEqual(8);
    for (const d of diffs) {
      const at = page.indexOf(`. ${d.id} (${d.rule})`);
      expect(at, d.id).toBeGreaterThan(0);
      const body = page.slice(at, page.indexOf('\n### ', at + 1));
      expect(body, d.id).toContain('**The documents say:**');
      expect(body, d.id).toMatch(/\n- > /); // a quoted document sentence
      expect(body, d.id).toContain('blend-contracts');
      expect(body, d.id).toContain(`\`blend-v2\` **${d.witness!.answers['blend-v2']}**`);
    }
    // the two the issue names
    expect(page).toContain('The number of pools that can be added to the reward zone is 50.');
    expect(page).toContain('At least one hour must have passed between');
  });
});

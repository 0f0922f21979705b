/**
 * Known defects in the reports: a blend-v1 run meets V1-CLAIM-TO and V1-CLAIM-DUP (its generators
 * claim for another user and list a pool twice), and report.json, report.md and report.html list
 * each (ID, source, fixed-in commit, witness, the properties that saw it) with those properties'
 * status `known defect`; the verdict does not fail on them, and a shard merge keeps them. Under
 * blend-v2 (no `to`, duplicates rejected) the same properties pass and no defect is listed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { KNOWN_DEFECTS } from '../../spec/known-defects.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { runSuite, type RunResult, type Shard } from '../../src/run.ts';
import { renderHtml } from '../../src/report/html.ts';
import { mergeReports } from '../../src/report/merge.ts';
import { renderJson, renderMarkdown, writeReports } from '../../src/report/write.ts';

const tmp = mkdtempSync(join(tmpdir(), 'blend-known-defects-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const input = (result: RunResult) => ({ result, replay: 'r', regressionTest: undefined });
const BASE = { runs: 90, steps: 200, seed: 1 } as const;

describe('known defects in the reports', () => {
  const v1 = runSuite({ ...BASE, profile: PROFILES['blend-v1'] });
  const v2 = runSuite({ ...BASE, profile: PROFILES['blend-v2'] });
  const affected = new Set(KNOWN_DEFECTS.flatMap((d) => d.properties));

  it('blend-v1 meets both defects: listed, their properties `known defect`, the verdict not a failure', () => {
    expect(v1.verdict).toBe('pass');
    expect(v1.knownDefects?.map((d) => d.id)).toEqual(KNOWN_DEFECTS.map((d) => d.id));
    for (const d of v1.knownDefects!) {
      const spec = KNOWN_DEFECTS.find((k) => k.id === d.id)!;
      expect(d.fixedIn.commit).toBe(spec.fixedIn.commit);
      expect(d.witness.steps).toHaveLength(spec.witness.actions.length);
      expect(d.seenBy.length).toBeGreaterThan(0);
      for (const s of d.seenBy) {
        expect(spec.properties).toContain(s.property);
        expect(s.count).toBeGreaterThan(0);
        expect(s.steps?.length).toBe(s.step + 1);
        expect(v1.properties.find((p) => p.id === s.property)?.status).toBe('known defect');
      }
    }
    // every other property passed or was not applicable
    for (const p of v1.properties.filter((x) => !affected.has(x.id))) expect(['passed', 'not applicable']).toContain(p.status);
  });

  it('blend-v2: the same properties are checked and pass; no known defect', () => {
    expect(v2.verdict).toBe('pass');
    expect(v2.knownDefects).toBeUndefined();
    for (const id of affected) {
      const p = v2.properties.find((x) => x.id === id)!;
      expect(p.status).toBe('passed');
      expect(p.checks).toBeGreaterThan(0);
    }
  });

  it('report.json lists them and matches docs/report.schema.json; report.md and report.html show each', () => {
    const json = JSON.parse(renderJson(input(v1)));
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
    expect(ajv.validate(schema, json), JSON.stringify(ajv.errors)).toBe(true);
    expect(json.knownDefects.map((d: { id: string }) => d.id)).toEqual(['V1-CLAIM-TO', 'V1-CLAIM-DUP']);
    const md = renderMarkdown(input(v1));
    const html = renderHtml(input(v1));
    expect(md).toContain('## Known defects');
    expect(html).toContain('<section id="known-defects">');
    for (const d of KNOWN_DEFECTS) {
      expect(md).toContain(`### ${d.id}`);
      expect(md).toContain(`${d.fixedIn.repo}@${d.fixedIn.commit}`);
      expect(html).toContain(`data-defect="${d.id}"`);
      expect(html).toContain(d.fixedIn.url);
      if (d.finding) {
        expect(md).toContain(d.finding.url);
        expect(html).toContain(d.finding.url);
      }
    }
    expect(md).toMatch(/\| BLND-CKPT-001 \| known defect \|/);
    expect(renderMarkdown(input(v2))).not.toContain('Known defects');
    expect(renderHtml(input(v2))).not.toContain('id="known-defects"');
  });

  it('merging shards keeps the known defects and their statuses', () => {
    const shards: Shard[] = [1, 2].map((index) => ({ index, count: 2 }));
    const dirs = shards.map((shard, i) => {
      const dir = join(tmp, `v1-${i + 1}`);
      writeReports(dir, input(runSuite({ ...BASE, profile: PROFILES['blend-v1'], shard })));
      return dir;
    });
    const m = mergeReports(dirs);
    expect(m.verdict).toBe('pass');
    expect(m.properties).toEqual(v1.properties);
    expect(m.knownDefects?.map((d) => d.id).sort()).toEqual(['V1-CLAIM-DUP', 'V1-CLAIM-TO']);
    const total = (r: RunResult, id: string) => r.knownDefects?.flatMap((d) => d.seenBy).find((s) => s.property === id)?.count ?? 0;
    for (const id of affected) expect(total(m, id)).toBe(total(v1, id));
  });
});

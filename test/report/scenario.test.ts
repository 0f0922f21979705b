/**
 * The upgrade rehearsal's reports (`check --snapshot FILE --scenario migration`, issue 19 points 2
 * and 4), rendered from a scenario result without the driver: scenario.json matches
 * docs/scenario.schema.json; scenario.md, junit.xml and the self-contained scenario.html each list
 * the code run per contract: the snapshot's (address, on-ledger WASM hash), the user's build
 * (path; an emitter build with the address and hash it replaces) and the bundled one (crate and
 * version). test/snapshot/wasm.test.ts writes them from a real run on the mainnet snapshot.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderScenarioJson, renderScenarioJunit, renderScenarioMarkdown } from '../../src/check/scenario.ts';
import type { ScenarioResult } from '../../src/check/scenario-result.ts';
import { renderScenarioHtml } from '../../src/report/scenario-html.ts';

const H = (c: string): string => c.repeat(64);
const result = (over: Partial<ScenarioResult> = {}): ScenarioResult => ({
  scenario: 'migration',
  snapshot: '/data/mainnet-55261759-snapshot.json',
  implementation: { name: 'blend-harness-soroban', version: '0.1.0', profile: 'blend-v1' },
  provenance: [
    { contract: 'emitter', sha256: H('e'), source: 'user', path: '/repo/<emitter>.wasm', address: 'CEMITTER', replaces: H('4') },
    { contract: 'backstop_v1', sha256: H('1'), source: 'snapshot', address: 'CBACKSTOPV1' },
    { contract: 'backstop_v2', sha256: H('b'), source: 'user', path: '/repo/backstop.wasm' },
    { contract: 'pool_v2', sha256: H('c'), source: 'bundled', crate: 'blend-contract-sdk', version: '2.25.0' },
  ],
  verdict: 'pass',
  steps: [
    { index: 0, phase: 'deploy', call: 'backstop_v2.distribute()', reply: 'ok(null)', expected: 'ok' },
    {
      index: 1,
      phase: 'backfill',
      call: 'backstop_v2.distribute()',
      reply: 'error Backstop#1000 BadRequest',
      expected: 'error Backstop#1000 BadRequest',
    },
    { index: 2, phase: 'claims', call: 'backstop_v2.claim(U1, [P1], 0)', reply: 'ok(5)' },
  ],
  summary: {
    backfilled: 100_000_000_000_000n,
    dropped: 500_000_000_000_000n,
    droppedToList: 400_000_000_000_000n,
    claims: [{ call: 'backstop_v2.claim(U1, [P1], 0)', amount: 5n, unit: 'LP', afterDrop: true }],
    movers: 3,
    durationMs: 1234,
  },
  ...over,
});

describe('the scenario reports', () => {
  it('scenario.json matches docs/scenario.schema.json, with the provenance of each contract', () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/scenario.schema.json', import.meta.url), 'utf8'));
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    for (const r of [result(), result({ verdict: 'fail', failure: 'reply diverges at step 2 (x)' }), result({ provenance: undefined })]) {
      const json = JSON.parse(renderScenarioJson(r));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    }
    const json = JSON.parse(renderScenarioJson(result()));
    expect(json.summary.backfilled).toBe('100000000000000');
    expect(json.provenance[1]).toEqual({ contract: 'backstop_v1', sha256: H('1'), source: 'snapshot', address: 'CBACKSTOPV1' });
    // a field the schema does not know is refused (the schema describes the whole file)
    expect(validate({ ...json, extra: 1 })).toBe(false);
  });

  it('scenario.html is one self-contained page: the verdict, each contract with its hash and source, the migration and the timeline', () => {
    const html = renderScenarioHtml(result());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<span id="verdict" data-testid="verdict" class="verdict pass">PASS</span>');
    // no script, nothing loaded from elsewhere
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain("default-src 'none'");
    // each contract: its SHA-256 and where it comes from, the snapshot's with its address
    expect(html).toContain(
      `<tr data-contract="backstop_v1" data-source="snapshot"><td class="mono">backstop_v1</td><td class="mono">${H('1')}</td><td>snapshot (CBACKSTOPV1, its on-ledger WASM)</td><td class="mono">CBACKSTOPV1</td></tr>`,
    );
    expect(html).toContain(
      `data-contract="backstop_v2" data-source="user"><td class="mono">backstop_v2</td><td class="mono">${H('b')}</td><td>user (/repo/backstop.wasm)</td>`,
    );
    expect(html).toContain(
      `data-contract="pool_v2" data-source="bundled"><td class="mono">pool_v2</td><td class="mono">${H('c')}</td><td>bundled (blend-contract-sdk 2.25.0)</td>`,
    );
    // the emitter build that replaced the snapshot emitter's code: the address and the on-ledger hash it replaces; the path escaped
    expect(html).toContain(`user (/repo/&lt;emitter&gt;.wasm; replaces the code at CEMITTER, was ${H('4')})`);
    expect(html).not.toContain('<emitter>');
    expect(html).toContain('10,000,000.0000000 BLND');
    expect(html).toContain('50,000,000.0000000 BLND (40,000,000.0000000 to the drop list)');
    expect((html.match(/<tr( class="[a-z-]+")?><td class="num step">/g) ?? []).length).toBe(3);
    expect(html).toContain('<tr class="rejected-step"><td class="num step">2</td>');
  });

  it('a failed rehearsal: the reason first, the step it names marked', () => {
    const html = renderScenarioHtml(
      result({ verdict: 'fail', failure: 'step 3 (backstop_v2.claim(U1, [P1], 0)): the timeline expects ok, ...' }),
    );
    expect(html).toContain('class="verdict fail">FAIL</span>');
    expect(html).toContain('<tr><th>fail</th><td>step 3 (backstop_v2.claim(U1, [P1], 0)): the timeline expects ok, ...</td></tr>');
    expect(html).toContain('<tr class="failing-step"><td class="num step">3</td>');
    const insufficient = renderScenarioHtml(result({ verdict: 'insufficient', failure: 'the drop never happened', provenance: undefined }));
    expect(insufficient).toContain('class="verdict insufficient">INSUFFICIENT</span>');
    expect(insufficient).toContain('<th>insufficient (not a pass)</th>');
    expect(insufficient).toContain('data-testid="provenance-none"');
  });

  it('scenario.md and junit.xml carry the same provenance', () => {
    const md = renderScenarioMarkdown(result());
    expect(md).toContain(`| backstop_v1 | \`${H('1')}\` | snapshot (CBACKSTOPV1, its on-ledger WASM) |`);
    expect(md).toContain(`| backstop_v2 | \`${H('b')}\` | user (/repo/backstop.wasm) |`);
    const junit = renderScenarioJunit(result());
    expect(junit).toContain(`<property name="wasm.backstop_v2.sha256" value="${H('b')}"/>`);
    expect(junit).toContain('<property name="wasm.pool_v2.source" value="bundled (blend-contract-sdk 2.25.0)"/>');
  });
});

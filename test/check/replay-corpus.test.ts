/**
 * `blend-harness replay CORPUS_FILE --impl CMD`: the sequence `check` saved to the corpus, replayed
 * in lockstep against an implementation (src/check/replay-corpus.ts) — the command the reports of a
 * failing check print first. A wrong implementation diverges again (exit 1), the model does not
 * (exit 0); a corpus file without --impl, or a bundle given --impl, is bad usage (exit 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { isCorpusEntry } from '../../src/check/replay-corpus.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = `"${process.execPath}" --import tsx "${join(ROOT, 'test/fixtures/impls/eps-over-six-days.ts')}"`;

// what `check --impl <eps-over-six-days>` saved (blend-v2, seed 20261121): EPS spread over 6 days
const ENTRY = {
  format: 1,
  profile: 'blend-v2',
  seed: 20261121,
  path: '20:3',
  world: { users: 10, pools: 5, start: '1736780911', reward_zone_gap: 1 },
  found: { implementation: 'eps-over-six-days 0', finding: 'state diverges at step 4 (P0.gulp_emissions())' },
  steps: ['advance_time(seconds: 97)', 'emitter.distribute()', 'backstop.distribute()', 'P0.gulp_emissions()'],
  requests: [
    { action: 'advance_time', args: { seconds: '97' } },
    { action: 'emitter.distribute', args: {} },
    { action: 'backstop.distribute', args: { contract: 'backstop' } },
    { action: 'pool.gulp_emissions', args: { contract: 'P0' } },
  ],
};

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (out += s) });
  return { code, out };
}

describe('replay CORPUS_FILE --impl CMD', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blend-replay-corpus-'));
  const file = join(dir, 'blend-v2-test.json');
  writeFileSync(file, JSON.stringify(ENTRY, null, 2));

  it('the wrong implementation diverges again at the saved step (exit 1)', async () => {
    const r = await cli(['replay', file, '--impl', FIXTURE, '--timeout-ms', '20000']);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('4. P0.gulp_emissions()');
    expect(r.out).toMatch(
      /DIVERGENCE: state diverges at step 4 \(P0\.gulp_emissions\(\)\): backstops\.backstop\.pools\.P0\.emission_data\.(eps|expiration)/,
    );
  }, 60_000);

  it('the reference model agrees at every step (exit 0)', async () => {
    const r = await cli(['replay', file, '--impl', 'model']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('no divergence: every reply, invariant and state field agreed with the model at each of the 4 steps');
  }, 60_000);

  it('a corpus file needs --impl; a bundle is not a corpus file', async () => {
    const r = await cli(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('add --impl');
    expect(isCorpusEntry(ENTRY)).toBe(true);
    expect(isCorpusEntry({ ...ENTRY, kind: 'counterexample', failure: {} })).toBe(false);
    const bundle = join(dir, 'counterexample.json');
    writeFileSync(bundle, JSON.stringify({ ...ENTRY, kind: 'counterexample', failure: {} }));
    const b = await cli(['replay', bundle, '--impl', 'model']);
    expect(b.code).toBe(2);
    expect(b.out).toContain('not a corpus entry');
  });
});

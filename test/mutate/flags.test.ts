/**
 * `blend-harness mutate`: each bad flag is refused before anything runs (before the driver is
 * built, before a mutant is made): one line on stderr, exit 2, nothing written.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { evenlySpaced } from '../../src/cli/commands/mutate.ts';

const dir = mkdtempSync(join(tmpdir(), 'mutate-flags-'));
const notWasm = join(dir, 'text.wasm');
writeFileSync(notWasm, 'not wasm');
const badEquivalent = join(dir, 'eq.json');
writeFileSync(badEquivalent, JSON.stringify({ equivalent: [{ id: 'emitter-0123456789ab:f:1:lt->le', reason: 'short' }] }));
const twice = join(dir, 'eq2.json');
const entry = { id: 'emitter-0123456789ab:f:1:lt->le', reason: 'no sequence of calls reaches the branch', reviewedBy: 'a reviewer' };
writeFileSync(twice, JSON.stringify({ equivalent: [entry, entry] }));

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = '';
  let out = '';
  const code = await main(['mutate', '--out', join(dir, 'out'), ...args], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, err, out };
}

describe('mutate: bad flags', () => {
  it.each([
    [['--contracts', 'emitter,comet'], /--contracts: expected names among backstop, emitter, pool, got "comet"/],
    [['--contracts', 'emitter,emitter'], /a contract named twice/],
    [['--contracts', ''], /--contracts: expected names/],
    [['--per-mutant-budget', '0'], /--per-mutant-budget: expected 1 to 3600, got 0/],
    [['--per-mutant-budget', 'ten'], /--per-mutant-budget: expected an integer/],
    [['--max-mutants', '0'], /--max-mutants: expected 1 to 1000000/],
    [['--seed', 'x'], /--seed: expected an integer/],
    [['--only', 'a,'], /--only: expected mutant ids/],
    [['--wasm', `emitter=${notWasm}`], /not a WASM module/],
    [['--wasm', 'foo=x.wasm'], /unknown contract foo/],
    [['--equivalent', join(dir, 'missing.json')], /--equivalent .*cannot read \(ENOENT\)/],
    [['--equivalent', badEquivalent], /not an equivalences file/],
    [['--equivalent', twice], /declared twice/],
    [['--fast', '1'], /mutate: Unknown option '--fast'/],
    [['--seed', '1', '--seed', '2'], /--seed: given 2 times/],
    [['--per-mutant-budget'], /argument missing/],
  ])('%j: exit 2, one line, nothing written', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.err).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--help describes every flag and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const f of ['--wasm', '--contracts', '--per-mutant-budget', '--max-mutants', '--only', '--seed', '--equivalent', '--out'])
      expect(r.out).toContain(f);
  });
});

describe('evenlySpaced', () => {
  it('takes N in order, spread over the list, or all', () => {
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([0, 3, 6]);
    expect(evenlySpaced([0, 1, 2], 5)).toEqual([0, 1, 2]);
    expect(evenlySpaced([0, 1, 2], undefined)).toEqual([0, 1, 2]);
  });
});

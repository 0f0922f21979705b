/**
 * `check --impl soroban --wasm NAME=FILE`: each bad value is refused before anything runs (before
 * the driver is built): one line on stderr, exit 2, nothing written (src/check/wasm.ts).
 */
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { minimal, text as snapshotText } from '../fixtures/snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'wasm-flags-'));
const good = join(dir, 'good.wasm');
writeFileSync(good, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
const text = join(dir, 'text.wasm');
writeFileSync(text, 'not wasm');
const big = join(dir, 'big.wasm');
writeFileSync(big, Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d]), Buffer.alloc(4 * 1024 * 1024)]));
mkdirSync(join(dir, 'adir'));

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = '';
  let out = '';
  const code = await main(['check', '--impl', 'soroban', '--out', join(dir, 'out'), ...args], {
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, err, out };
}

describe('check --wasm: bad values', () => {
  it.each([
    [['--wasm', `foo=${good}`], /unknown contract foo/],
    [['--wasm', 'backstop'], /expected NAME=FILE/],
    [['--wasm', `backstop=${join(dir, 'missing.wasm')}`], /cannot read it \(ENOENT\)/],
    [['--wasm', `backstop=${join(dir, 'adir')}`], /not a regular file/],
    [['--wasm', `backstop=${text}`], /not a WASM module/],
    [['--wasm', `backstop=${big}`], /over the limit/],
    [['--wasm', `backstop=${good}`, '--wasm', `backstop=${good}`], /contract backstop given twice/],
  ])('%j: exit 2, one line, nothing written', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
    expect(existsSync(join(dir, 'out', 'report.json'))).toBe(false);
  });

  it.each([
    [
      'a backstop without the migration (no v2 backstop deployed)',
      ['--wasm', `backstop=${good}`],
      /^blend-harness: --wasm backstop: with --snapshot only with --scenario migration/,
    ],
    [
      'the Comet (the snapshot runs its own)',
      ['--scenario', 'migration', '--wasm', `comet=${good}`],
      /^blend-harness: --wasm comet: not with --snapshot/,
    ],
  ])('--wasm with --snapshot, %s: exit 2 (the snapshot world would not run the build)', async (_what, flags, message) => {
    const snapshot = join(dir, 'snapshot.json');
    writeFileSync(snapshot, snapshotText(minimal()));
    const r = await run(['--profile', 'blend-v1', '--snapshot', snapshot, ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--wasm without --impl soroban: exit 2', async () => {
    let err = '';
    const code = await main(['check', '--impl', 'model', '--out', join(dir, 'out2'), '--wasm', `backstop=${good}`], {
      out: () => {},
      err: (s) => (err += s),
    });
    expect(code).toBe(2);
    expect(err).toMatch(/only with --impl soroban/);
  });
});

/**
 * `--second-reserve on|off` (src/cli/second-reserve.ts): the world option of the second reserve
 * configuration on run, check and mutate. Its help says what it is and what it costs; a bad value, or
 * the option with a snapshot, is bad usage (exit 2, one line, nothing written); `mutate` turns it
 * on by default for the pool's mutants alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDirs } from '../cli-helpers.ts';
import { worldOptionUsageCases } from './world-option-cases.ts';
import { mutateSecondReserveDefault } from '../../src/cli/commands/mutate.ts';

const caseDir = tempDirs('blend-second-reserve');
describe('--second-reserve', () => {
  worldOptionUsageCases({
    name: 'second-reserve',
    help: ['spec/genesis.json second_reserve', 'ReserveDisabled, 1223'],
    command: ['check', '--impl', 'model'],
    caseDir,
  });

  it('run: the world recorded in report.json; --impl model check builds the same world (no divergence, no fault)', async () => {
    const out = join(caseDir(), 'run');
    const r = await cli([
      'run',
      '--profile',
      'blend-v2',
      '--second-reserve',
      'on',
      '--runs',
      '5',
      '--steps',
      '20',
      '--seed',
      '1',
      '--out',
      out,
    ]);
    // a short run: a pass or insufficient (exit 4), never a failure or a fault
    expect([0, 4], r.err).toContain(r.code);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { world: { secondReserve?: boolean } };
    expect(report.world.secondReserve).toBe(true);
    // the model server builds the option's world too (no divergence at genesis)
    const c = await cli([
      'check',
      '--impl',
      'model',
      '--profile',
      'blend-v2',
      '--second-reserve',
      'on',
      '--runs',
      '3',
      '--steps',
      '20',
      '--seed',
      '1',
      '--out',
      join(caseDir(), 'check'),
    ]);
    expect(c.out).not.toContain('DIVERGENCE');
    expect([0, 4], c.err).toContain(c.code);
  }, 120_000);

  it("mutate's default: on for the pool's mutants alone", () => {
    expect(mutateSecondReserveDefault(['pool'])).toBe(true);
    expect(mutateSecondReserveDefault(['backstop', 'emitter', 'pool'])).toBe(false);
    expect(mutateSecondReserveDefault(['backstop'])).toBe(false);
    expect(mutateSecondReserveDefault(['emitter'])).toBe(false);
  });
});

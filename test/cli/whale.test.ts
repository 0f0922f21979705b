/**
 * `--whale on|off` (src/cli/whale.ts): the world option of the whale on run, check and mutate. Its
 * help says what it is and what it costs; a bad value is bad usage (exit 2, one line, nothing
 * written); on, report.json's and report.md's world say so, and a counterexample bundle records it
 * so that replay rebuilds the same world.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDirs } from '../cli-helpers.ts';
import { worldOptionUsageCases } from './world-option-cases.ts';
import { bundleOf, loadBundle, saveBundle } from '../../src/bundle.ts';
import { DEFAULT_WORLD, runSuite } from '../../src/run.ts';
import { mutateWhaleDefault } from '../../src/cli/commands/mutate.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from '../properties/mutants.ts';

const caseDir = tempDirs('blend-whale');
describe('--whale', () => {
  worldOptionUsageCases({
    name: 'whale',
    help: ['2^64 + 2 x 10^14 LP stroops', '1,150 BLND mints 0 LP'],
    command: ['run'],
    caseDir,
  });

  /** A short `run` of blend-v2 with `--whale VALUE`, its reports in `out`. */
  const runWhale = (value: 'on' | 'off', out: string) =>
    cli(['run', '--whale', value, '--profile', 'blend-v2', '--runs', '20', '--steps', '40', '--seed', '1', '--workers', '1', '--out', out]);

  it("run --whale on: report.json's and report.md's world say so; off, the world is as before the option", async () => {
    const on = join(caseDir(), 'on');
    const r = await runWhale('on', on);
    expect([0, 4]).toContain(r.code);
    expect(JSON.parse(readFileSync(join(on, 'report.json'), 'utf8')).world).toMatchObject({ whale: true });
    expect(readFileSync(join(on, 'report.md'), 'utf8')).toContain('World: with the whale (`--whale on`)');
    const off = join(caseDir(), 'off');
    const r2 = await runWhale('off', off);
    expect([0, 4]).toContain(r2.code);
    expect(JSON.parse(readFileSync(join(off, 'report.json'), 'utf8')).world).not.toHaveProperty('whale');
    expect(readFileSync(join(off, 'report.md'), 'utf8')).not.toContain('with the whale');
  }, 60_000);

  it("a counterexample found with the whale: the bundle's world has it, and replay rebuilds it", async () => {
    const world = { ...DEFAULT_WORLD, whale: true };
    let bundle: ReturnType<typeof bundleOf> | undefined;
    for (const m of MUTANTS) {
      if (m.prepare !== undefined) continue;
      const r = runSuite({ profile: PROFILES[m.profile], runs: 40, steps: 40, seed: 1, apply: m.apply, world });
      if (r.counterexample !== undefined) {
        bundle = bundleOf(r, `mutant ${m.property}`);
        break;
      }
    }
    expect(bundle).toBeDefined();
    expect(bundle!.world).toMatchObject({ whale: true });
    const file = join(caseDir(), 'counterexample.json');
    saveBundle(file, bundle!);
    const loaded = loadBundle(file);
    const w = loaded.makeWorld();
    expect(w.whale).toBe('whale');
    expect(w.lp.has('whale')).toBe(true);
  }, 60_000);

  it("mutate's default: on for the backstop's mutants alone", () => {
    expect(mutateWhaleDefault(['backstop'])).toBe(true);
    expect(mutateWhaleDefault(['backstop', 'emitter', 'pool'])).toBe(false);
    expect(mutateWhaleDefault(['pool'])).toBe(false);
    expect(mutateWhaleDefault(['emitter'])).toBe(false);
  });
});

/**
 * Deterministic replay: 100 different counterexamples — found by the deliberately wrong model
 * variants (test/properties/mutants.ts) over several profiles and seeds, deduplicated by (variant,
 * shrunk steps) — are saved as bundles, then replayed from the files: twice in this process, by
 * their seed and path through the generators, and once more in a fresh process. Each replay gives
 * the identical failure: same property, same message, same step.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { bundleOf, loadBundle, replayBundle, saveBundle, type Failure } from '../../src/bundle.ts';
import { main, TSX_LOADER } from '../../src/cli/main.ts';
import { runSuite } from '../../src/run.ts';
import { PROFILES, type ProfileName } from '../../spec/profiles.ts';
import { MUTANTS, mutantName, type Mutant } from '../properties/mutants.ts';

const WANTED = 100;
const SCRIPT = new URL('../fixtures/replay-bundles.ts', import.meta.url).pathname;

interface Saved {
  readonly file: string;
  readonly mutant: Mutant;
  /** The failure as the run reported it. */
  readonly failure: Failure;
  readonly steps: readonly string[];
}

const saved: Saved[] = [];
const dir = mkdtempSync(join(tmpdir(), 'blend-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  const seen = new Set<string>();
  // short runs, several seeds and profiles: each variant fails in several different ways
  for (let seed = 1; saved.length < WANTED && seed <= 40; seed++) {
    for (const profile of ['blend-v2', 'documented', 'blend-v1'] as ProfileName[]) {
      for (const m of MUTANTS) {
        if (saved.length >= WANTED) break;
        const r = runSuite({ profile: PROFILES[profile], runs: 40, steps: 40, seed, apply: m.apply, prepare: m.prepare });
        const c = r.counterexample;
        if (c === undefined) continue;
        const key = `${mutantName(m)} ${JSON.stringify(c.steps)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const file = join(dir, `${String(saved.length).padStart(3, '0')}.json`);
        saveBundle(file, bundleOf(r, mutantName(m)));
        saved.push({ file, mutant: m, failure: { property: c.property, message: c.message, step: c.failingStep }, steps: c.steps });
      }
    }
  }
}, 120_000);

describe('counterexample bundles replay deterministically', () => {
  it(`${WANTED} different counterexamples were saved`, () => {
    expect(new Set(MUTANTS.map(mutantName)).size).toBe(MUTANTS.length);
    expect(saved).toHaveLength(WANTED);
    expect(new Set(saved.map((s) => `${mutantName(s.mutant)} ${JSON.stringify(s.steps)}`)).size).toBe(WANTED);
    // not one variant's failure a hundred times
    expect(new Set(saved.map((s) => s.mutant.property)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(saved.map((s) => JSON.parse(readFileSync(s.file, 'utf8')).profile)).size).toBe(3);
  });

  it('each bundle holds the failure the run reported', () => {
    for (const s of saved) {
      const json = JSON.parse(readFileSync(s.file, 'utf8'));
      expect(json.failure).toEqual(s.failure);
      expect(json.steps).toEqual(s.steps);
      expect(json.requests).toHaveLength(s.failure.step + 1);
    }
  });

  it('replayed from the files, twice, each gives the identical failure', () => {
    for (const s of saved) {
      for (let i = 0; i < 2; i++) expect(replayBundle(loadBundle(s.file), s.mutant), s.file).toEqual(s.failure);
    }
  });

  it('replayed by seed, path and replay path through the generators, each gives the identical counterexample', () => {
    for (const s of saved) {
      const b = loadBundle(s.file).json;
      const r = runSuite({
        profile: PROFILES[b.profile as ProfileName],
        runs: b.runs,
        steps: b.max_steps,
        seed: b.seed,
        path: b.path,
        replayPath: b.replay_path,
        apply: s.mutant.apply,
        prepare: s.mutant.prepare,
      });
      const c = r.counterexample;
      expect(c && { property: c.property, message: c.message, step: c.failingStep }, s.file).toEqual(s.failure);
      expect(c?.steps).toEqual(s.steps);
    }
  });

  it('replayed in a fresh process, each gives the identical failure', { timeout: 60_000 }, () => {
    const out = execFileSync(process.execPath, ['--import', TSX_LOADER, SCRIPT, ...saved.map((s) => s.file)], { encoding: 'utf8' });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; failure: Failure | null });
    expect(lines.map((l) => l.file)).toEqual(saved.map((s) => s.file));
    for (const [i, l] of lines.entries()) expect(l.failure, l.file).toEqual(saved[i]!.failure);
  });

  it("blend-harness replay FILE: the reference model, without the variant's bug, keeps every property on those steps (exit 0)", async () => {
    let out = '';
    const code = await main(['replay', saved[0]!.file], { out: (x) => (out += x), err: (x) => (out += x) });
    expect(code).toBe(0);
    expect(out).toContain(`replay ${saved[0]!.file}: profile `);
    expect(out).toContain(
      `no failure: every step keeps every property (recorded: ${saved[0]!.failure.property} at step ${saved[0]!.failure.step + 1})`,
    );
  });

  it('a passing run removes the counterexample.json an earlier run left in its --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'blend-out-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    writeFileSync(join(out, 'counterexample.json'), readFileSync(saved[0]!.file));
    // settings that exercise every blend-v2 rejection path and property (the default rule): a run at 0 checks of one is insufficient (exit 4), not a pass
    const code = await main(['run', '--profile', 'blend-v2', '--runs', '300', '--steps', '200', '--seed', '2', '--out', out], {
      out: () => {},
      err: () => {},
    });
    expect(code).toBe(0);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    expect(existsSync(join(out, 'counterexample.json'))).toBe(false);
  });
});

/**
 * How fast the default settings find each deliberately wrong variant (issue 17, "defaults that find
 * bugs"): `npx tsx scripts/first-failure.ts [--seeds 1,2,3,4,5] [--only run|check] [--match TEXT]`.
 *
 * - The wrong variants of the model (test/properties/mutants.ts), each under its profile with the
 *   settings of a bare `run` (src/cli/commands/run.ts RUN_DEFAULTS, every property, the default
 *   world).
 * - The deliberately wrong implementations (test/fixtures/impls/, the cases of
 *   test/check/buggy.test.ts), each as a child process speaking the check protocol, with the
 *   settings of a bare `check` (src/cli/commands/check.ts CHECK_DEFAULTS: the runs and steps of a
 *   bare `run`, a 60 s time budget), under the profile the test checks it against.
 *
 * For each variant and seed it measures when the first failure is seen: the actions applied (every
 * step of every run before it, and of the failing run up to the failing step) and the seconds since
 * the start. The search stops there (no shrinking: that is not part of finding). It prints, per
 * variant, how many seeds found it, the median and max actions and seconds to first failure, and
 * which property or check caught it; then the variants the defaults did NOT find with some seed.
 * The variants are used as they are (not weakened); a variant not found is a finding about the
 * generators or the defaults, reported, not hidden.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Action } from '../model/actions.ts';
import { apply as modelApply, type Outcome } from '../model/world.ts';
import type { World } from '../model/state.ts';
import { PROFILES, type ProfileName } from '../spec/profiles.ts';
import { runSuiteAsync } from '../src/run.ts';
import { runCheck } from '../src/check/check.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import type { ExpectLater, Implementation } from '../src/check/implementation.ts';
import { RUN_DEFAULTS } from '../src/cli/commands/run.ts';
import { CHECK_DEFAULTS } from '../src/cli/commands/check.ts';
import { MUTANTS } from '../test/properties/mutants.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The deliberately wrong implementations and the profile test/check/buggy.test.ts checks each against. */
export const BUGGY: readonly { readonly bug: string; readonly profile: ProfileName }[] = [
  { bug: 'drop-twice', profile: 'blend-v2' },
  { bug: 'pool-gulp-below-minimum', profile: 'blend-v2' },
  { bug: 'emissions-config-zero-share', profile: 'blend-v2' },
  { bug: 'rz-edit-window-ignored', profile: 'blend-v2' },
  { bug: 'q4w-lock-one-second-short', profile: 'documented' },
  { bug: 'eps-over-six-days', profile: 'blend-v2' },
  { bug: 'split-inverted', profile: 'blend-v1' },
  { bug: 'distribute-outside-reward-zone', profile: 'blend-v2' },
  { bug: 'claim-keeps-accrued', profile: 'blend-v1' },
  { bug: 'deposit-rewinds-index', profile: 'blend-v1' },
  { bug: 'distribute-interval-off-by-one', profile: 'blend-v2' },
  { bug: 'distribute-counts-queued', profile: 'blend-v2' },
  { bug: 'queued-shares-earn', profile: 'blend-v2' },
  { bug: 'rz-size-off-by-one', profile: 'blend-v2' },
  { bug: 'backfill-not-clamped', profile: 'blend-v2' },
  { bug: 'eps-no-carry', profile: 'blend-v2' },
  { bug: 'index-past-expiration', profile: 'blend-v2' },
  { bug: 'claim-to-ignored', profile: 'blend-v1' },
];

/** When the first failure of one search was seen. */
export interface First {
  readonly found: boolean;
  /** Actions applied up to and including the failing step (all actions, when not found). */
  readonly actions: number;
  readonly seconds: number;
  /** The run (1-based) that failed. */
  readonly run?: number;
  /** The property or check that caught it. */
  readonly by?: string;
}

/**
 * A case is a failure when the next world is prepared before the case was counted as done: `begin`
 * is called at the start of every case (generated or a shrinking attempt), `done` after each
 * generated case that passed.
 */
function firstFailureWatch(onFirst: () => void) {
  const t0 = performance.now();
  let begun = 0;
  let done = 0;
  let actions = 0;
  let first: { actions: number; seconds: number; run: number } | undefined;
  return {
    begin(): void {
      if (first === undefined && begun > done) {
        first = { actions, seconds: (performance.now() - t0) / 1000, run: begun };
        onFirst();
      }
      begun++;
    },
    step(): void {
      if (first === undefined) actions++;
    },
    done(n: number): void {
      done = n;
    },
    /** The first failure; one found in the last case (no case began after it) is taken from the end. */
    result(failed: boolean): { actions: number; seconds: number; run?: number } {
      if (first === undefined && failed && begun > done) first = { actions, seconds: (performance.now() - t0) / 1000, run: begun };
      return first ?? { actions, seconds: (performance.now() - t0) / 1000 };
    },
  };
}

export async function mutantFirst(m: (typeof MUTANTS)[number], seed: number): Promise<First> {
  const stop = new AbortController();
  const watch = firstFailureWatch(() => stop.abort('SIGINT'));
  const applyFn = m.apply ?? modelApply;
  const r = await runSuiteAsync({
    profile: PROFILES[m.profile],
    ...RUN_DEFAULTS,
    seed,
    signal: stop.signal,
    apply: (w: World, a: Action): Outcome => {
      watch.step();
      return applyFn(w, a);
    },
    prepare: (w: World): void => {
      watch.begin();
      m.prepare?.(w);
    },
    onCase: (done) => watch.done(done),
  });
  const failed = r.counterexample !== undefined || stop.signal.aborted;
  const f = watch.result(failed);
  return { found: failed, ...f, by: r.counterexample?.property };
}

/** `impl` with its `init` and step calls reported to `watch`. */
function watched(impl: Implementation, watch: ReturnType<typeof firstFailureWatch>): Implementation {
  return {
    handshake: (p) => impl.handshake(p),
    init: (p, w) => {
      watch.begin();
      return impl.init(p, w);
    },
    call: (a) => {
      watch.step();
      return impl.call(a);
    },
    state: () => impl.state(),
    ...(impl.stateUnlessEqual ? { stateUnlessEqual: (t: string) => impl.stateUnlessEqual!(t) } : {}),
    ...(impl.callAndState
      ? {
          callAndState: (a: Action, expect: string | undefined | ExpectLater) => {
            watch.step();
            return impl.callAndState!(a, expect);
          },
        }
      : {}),
    close: () => impl.close(),
    interrupt: () => impl.interrupt?.(),
  };
}

export async function buggyFirst(b: (typeof BUGGY)[number], seed: number): Promise<First> {
  const file = fileURLToPath(new URL(`../test/fixtures/impls/${b.bug}.ts`, import.meta.url));
  const real = new SubprocessImplementation({ command: `"${process.execPath}" --import tsx "${file}"`, timeoutMs: 20_000, cwd: ROOT });
  const stop = new AbortController();
  const watch = firstFailureWatch(() => stop.abort('SIGINT'));
  try {
    const r = await runCheck({
      profile: PROFILES[b.profile],
      runs: CHECK_DEFAULTS.runs,
      steps: CHECK_DEFAULTS.steps,
      seed,
      impl: watched(real, watch),
      deadline: performance.now() + CHECK_DEFAULTS.timeBudget * 1000,
      budgetSeconds: CHECK_DEFAULTS.timeBudget,
      signal: stop.signal,
      onCase: (done) => watch.done(done),
    });
    const failed = r.finding !== undefined || stop.signal.aborted;
    const f = watch.result(failed);
    const by = r.finding === undefined ? undefined : r.finding.kind === 'invariant' ? r.finding.property : r.finding.kind;
    return { found: failed, ...f, by };
  } finally {
    await real.close();
  }
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function line(name: string, profile: string, rs: readonly First[]): string {
  const found = rs.filter((r) => r.found);
  const a = found.map((r) => r.actions);
  const s = found.map((r) => r.seconds);
  const by = [...new Set(found.map((r) => r.by ?? '?'))].join(', ');
  const fmt = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(1));
  return `| ${name} | ${profile} | ${found.length}/${rs.length} | ${found.length ? Math.round(median(a)) : '-'} | ${found.length ? Math.max(...a) : '-'} | ${fmt(median(s))} | ${found.length ? fmt(Math.max(...s)) : '-'} | ${by || '-'} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seeds: { type: 'string', default: '1,2,3,4,5' }, only: { type: 'string' }, match: { type: 'string' } },
  });
  const seeds = values.seeds!.split(',').map(Number);
  const wanted = (name: string): boolean => values.match === undefined || name.includes(values.match);
  const missed: string[] = [];
  const header = [
    '| variant | profile | found (seeds) | median actions | max actions | median s | max s | caught by |',
    '|---|---|---|---|---|---|---|---|',
  ];
  if (values.only !== 'check') {
    console.log(
      `\nWrong variants of the model (test/properties/mutants.ts), a bare run: ${RUN_DEFAULTS.runs} runs of up to ${RUN_DEFAULTS.steps} steps, seeds ${seeds.join(', ')}\n`,
    );
    console.log(header.join('\n'));
    for (const m of MUTANTS) {
      const name = `${m.property}: ${m.bug}`;
      if (!wanted(name)) continue;
      const rs: First[] = [];
      for (const seed of seeds) {
        const r = await mutantFirst(m, seed);
        rs.push(r);
        if (!r.found) missed.push(`run ${name} (${m.profile}), seed ${seed}: not found in ${r.actions} actions, ${r.seconds.toFixed(1)} s`);
      }
      console.log(line(name, m.profile, rs));
    }
  }
  if (values.only !== 'run') {
    console.log(
      `\nDeliberately wrong implementations (test/fixtures/impls/), a bare check: ${CHECK_DEFAULTS.runs} runs of up to ${CHECK_DEFAULTS.steps} steps, a ${CHECK_DEFAULTS.timeBudget} s budget, seeds ${seeds.join(', ')}\n`,
    );
    console.log(header.join('\n'));
    for (const b of BUGGY) {
      if (!wanted(b.bug)) continue;
      const rs: First[] = [];
      for (const seed of seeds) {
        const r = await buggyFirst(b, seed);
        rs.push(r);
        if (!r.found)
          missed.push(`check ${b.bug} (${b.profile}), seed ${seed}: not found in ${r.actions} actions, ${r.seconds.toFixed(1)} s`);
      }
      console.log(line(b.bug, b.profile, rs));
    }
  }
  console.log(`\nNOT found by the defaults: ${missed.length === 0 ? 'none' : `\n  ${missed.join('\n  ')}`}`);
}

if (process.argv[1]?.endsWith('first-failure.ts')) await main();

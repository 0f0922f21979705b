/**
 * `blend-harness run`: the property suites on the reference model (spec/, model/, properties/), from
 * generated worlds or a ledger snapshot; a failure is shrunk, saved as a replayable bundle and
 * exported as a regression test.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { PROFILE_NAMES } from '../../../spec/profiles.ts';
import { runSuiteAsync } from '../../run.ts';
import { runSuiteWorkers } from '../../workers/pool.ts';
import { loadSnapshot, type LoadedSnapshot } from '../../world/snapshot/load.ts';
import { renderRegressionTest, writeReports } from '../../report/write.ts';
import { bundleOf, saveBundle } from '../../bundle.ts';
import { watchSignals } from '../../interrupt.ts';
import { cutShort } from '../../report/timing.ts';
import { removeCounterexampleTests, writeCounterexampleTests } from '../../report/export.ts';
import { workersFlag, workersOf } from '../workers.ts';
import { WHALE, whaleFlag, whaleOf } from '../whale.ts';
import { SECOND_RESERVE, secondReserveFlag, secondReserveOf } from '../second-reserve.ts';
import { DEFAULT_WORLD } from '../../run.ts';
import { SUITE_USAGE, suiteFlags, suiteRefusal, type CommandDef, type Flag } from '../options.ts';
import {
  budgetOf,
  common,
  periodicOf,
  timingLines,
  describeSettings,
  progressOf,
  runsLine,
  UsageError,
  verdictExit,
  withExercise,
  type CliIo,
  type Common,
  type Values,
} from '../shared.ts';

/**
 * A bare `run`: 1,400 runs of up to 200 steps. A run's length is drawn up to 200, about 100 on
 * average, so this runs some 139,000 to 143,000 actions (seeds 11 to 15; the same for every
 * profile), at least the calls of Foundry's default invariant campaign (256 runs x depth 500 =
 * 128,000) with a margin of five standard deviations (1,300 runs gave 128,775 with seed 2). Enough
 * that the bare command meets the default minimum-exercise rule (src/exercise.ts: every action,
 * rejection path, property and rule) under every profile (test/exercise/defaults.test.ts); a few
 * seconds of one core.
 */
export const RUN_DEFAULTS = { runs: 1_400, steps: 200 } as const;

/** Foundry's default invariant campaign, 256 runs x depth 500: the calls a bare `run` explores at least. */
export const FOUNDRY_DEFAULT_CALLS = 256 * 500;

const FLAGS: readonly Flag[] = [
  ...suiteFlags({ runs: RUN_DEFAULTS.runs, steps: RUN_DEFAULTS.steps, profileWithSnapshot: 'blend-v1' }),
  {
    name: 'snapshot',
    value: 'FILE',
    does: "start every run from this ledger snapshot (Blend v1 on mainnet, as stellar-cli's snapshot writes it) instead of a generated world",
    allowed: 'a snapshot JSON file; with --profile blend-v1 only',
    default: 'generated worlds',
  },
  whaleFlag('off (no whale: the default world)'),
  secondReserveFlag('off (the default reserves)'),
  workersFlag(
    'run the cases on N worker threads (each generates only its own cases); the result of a seed is the same for any N. With --path or --shard the run is one process',
  ),
];

export const RUN: CommandDef = {
  name: 'run',
  summary: 'run the property suites on the reference model',
  description:
    'Runs the property suites on the reference model: each run a world and a sequence of generated steps, every applicable property checked after every step. A failure is shrunk, saved as counterexample.json (replay it with `blend-harness replay`) and exported as a regression test; the reports go to --out. Exit 0 pass, 1 a property failed, 2 bad usage, 3 a fault, 4 insufficient (docs/exit-codes.md).',
  usage: `blend-harness run [--profile ${PROFILE_NAMES.join('|')}] ${SUITE_USAGE} [--snapshot FILE] [--whale on|off] [--second-reserve on|off] [--out DIR]`,
  flags: FLAGS,
  refuse: suiteRefusal('run', () => FLAGS),
  action: run,
};

async function run(values: Values, _operands: readonly string[], io: CliIo): Promise<number> {
  // the time to first failure counts from here
  const startedAt = performance.now();
  const c = common(values, { profile: values.snapshot !== undefined ? 'blend-v1' : 'documented', ...RUN_DEFAULTS });
  const { profile, runs, steps, seed, path, replayPath, out } = c;
  const workers = workersOf(values);
  let snapshot: LoadedSnapshot | undefined;
  if (values.snapshot !== undefined) {
    if (profile.name !== 'blend-v1')
      throw new UsageError(`--snapshot: the mainnet snapshot holds Blend v1; use --profile blend-v1, got "${profile.name}"`);
  }
  // --whale on: the default world with the whale (src/cli/whale.ts); a snapshot has its own holders
  const whale = whaleOf(values) === true;
  WHALE.refuseWithSnapshot(whale, values.snapshot !== undefined);
  // --second-reserve on: the default world with the second reserve configuration (src/cli/second-reserve.ts)
  const secondReserve = secondReserveOf(values) === true;
  SECOND_RESERVE.refuseWithSnapshot(secondReserve, values.snapshot !== undefined);
  if (values.snapshot !== undefined) snapshot = loadSnapshot(values.snapshot);

  // from here on a signal stops the run after the current run, and the reports are still written
  const watch = watchSignals();
  // --report-every: the reports rewritten while it runs (src/report/periodic.ts)
  const periodic = periodicOf(c, startedAt, (p) => withExercise(p, c), io, snapshot ? { snapshot: snapshot.summary } : undefined);
  try {
    io.out(
      `running profile ${profile.name}, seed ${seed}: ${path !== undefined ? `the case at path ${path}` : `${runs} runs`} of up to ${steps} steps${describeSettings(c)} (Ctrl-C stops early and still writes the reports)\n`,
    );
    const progress = progressOf(c);
    const suiteOpts = {
      profile,
      runs,
      steps,
      seed,
      path,
      replayPath,
      snapshot,
      snapshotPath: values.snapshot,
      ...(whale || secondReserve
        ? { world: { ...DEFAULT_WORLD, ...(whale ? { whale: true } : {}), ...(secondReserve ? { secondReserve: true } : {}) } }
        : {}),
      signal: watch.signal,
      shard: c.shard,
      startedAt,
      ...budgetOf(c),
      onCase: (done: number, n: number) => progress.onCase(done, n),
      progress: periodic.sink,
    };
    const result =
      workers > 1 && path === undefined && c.shard === undefined
        ? await runSuiteWorkers({ ...suiteOpts, workers })
        : await runSuiteAsync(suiteOpts);
    progress.done();
    periodic.stop();
    return finishRun(withExercise(result, c), { values, seed, runs, steps, out, snapshot, c }, io);
  } finally {
    periodic.stop();
    watch.dispose();
  }
}

function finishRun(
  result: Awaited<ReturnType<typeof runSuiteAsync>>,
  {
    values,
    seed,
    runs,
    steps,
    out,
    snapshot,
    c,
  }: { values: Values; seed: number; runs: number; steps: number; out: string; snapshot: LoadedSnapshot | undefined; c: Common },
  io: CliIo,
): number {
  const bundleFile = join(out, 'counterexample.json');
  const replay = [
    'npx blend-harness run',
    `--profile ${result.profile}`,
    `--seed ${result.counterexample?.seed ?? seed}`,
    result.counterexample ? `--path ${result.counterexample.path}` : '',
    result.counterexample?.replayPath !== undefined ? `--replay-path ${result.counterexample.replayPath}` : '',
    `--runs ${runs}`,
    `--steps ${steps}`,
    values.snapshot !== undefined ? `--snapshot ${values.snapshot}` : '',
    'whale' in result.world && result.world.whale === true ? '--whale on' : '',
    'secondReserve' in result.world && result.world.secondReserve === true ? '--second-reserve on' : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
  const regressionTest = renderRegressionTest(result);
  // the reports name the saved bundle first, the long form (seed and path) second
  writeReports(out, {
    result,
    replay: result.counterexample ? `npx blend-harness replay ${bundleFile}\n${replay}` : replay,
    regressionTest,
    snapshot: snapshot?.summary,
  });
  const exports = result.counterexample ? writeCounterexampleTests(out, result, regressionTest) : removeCounterexampleTests(out);
  // the replayable bundle of a failure; a pass removes the one an earlier run left here
  if (result.counterexample) saveBundle(bundleFile, bundleOf(result));
  else rmSync(bundleFile, { force: true });

  const exercised = result.properties.filter((p) => p.status === 'passed').length;
  const idle = result.properties.filter((p) => p.status === 'not exercised');
  io.out(
    `profile ${result.profile}, seed ${seed}: ${result.totalSteps} steps in ${runsLine(result)}, ${Math.round(result.durationMs)} ms\n`,
  );
  const na = result.properties.filter((p) => p.status === 'not applicable').length;
  io.out(
    `${exercised} properties held, ${idle.length} not exercised${idle.length ? ` (${idle.map((p) => p.id).join(', ')})` : ''}, ${na} not applicable to ${result.profile}\n`,
  );
  // known defects of the profile's deployed contracts (spec/known-defects.ts): reported, not failed
  for (const d of result.knownDefects ?? [])
    io.out(
      `known defect ${d.id} of ${result.profile} (fixed in ${d.fixedIn.repo}@${d.fixedIn.commit}), seen by ${d.seenBy.map((x) => `${x.property} at ${x.count} step(s)`).join(', ')}\n`,
    );
  if (result.fault) io.out(`\nFAULT (${result.fault.kind}): ${result.fault.message}\n`);
  if (result.counterexample) {
    const c = result.counterexample;
    const shrunk = cutShort(c)
      ? `cut short at ${c.steps.length} steps (the budget ended the shrinking)`
      : `shrunk to ${c.steps.length} steps`;
    if (result.fault) io.out(`\n${shrunk} that raise it:\n`);
    else io.out(`\nFAIL ${c.property}: ${c.message}\n${timingLines(c)}\n${shrunk}:\n`);
    c.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
    io.out(
      `\nsaved: ${bundleFile}\nreplay:\n  npx blend-harness replay ${bundleFile}\n  ${replay}\n\nregression test (vitest):\n${regressionTest ?? ''}\n`,
    );
    io.out(`exported as tests: ${exports.join(', ')}\n`);
  }
  io.out(`reports: ${out}/report.json, report.md, junit.xml, report.html\n`);
  return verdictExit(result, runs, c.ruleSource, io);
}

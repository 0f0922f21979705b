/**
 * `blend-harness check --impl CMD`: an implementation (a process that speaks docs/protocol.md, the
 * model, or the Soroban driver, src/check/soroban.ts) in lockstep with the reference model; under
 * `--profile documented` an implementation that claims a contracts profile is checked for the
 * recorded differences from the documents first (src/check/documents.ts).
 */
import { join } from 'node:path';
import { getProfile, PROFILE_NAMES } from '../../../spec/profiles.ts';
import { writeReports } from '../../report/write.ts';
import { runCheck, type CheckResult } from '../../check/check.ts';
import { runCheckWorkers } from '../../workers/check-pool.ts';
import { workersFlag, workersOf } from '../workers.ts';
import { SECOND_RESERVE, secondReserveFlag, secondReserveOf } from '../second-reserve.ts';
import { WHALE, whaleFlag, whaleOf } from '../whale.ts';
import { DEFAULT_WORLD } from '../../run.ts';
import { FULL_STATE_EVERY } from '../../check/lockstep.ts';
import { DEFAULT_TOLERANCE, parseTolerance, ToleranceError, type Tolerance } from '../../check/claimable.ts';
import { estimatesLines, judgeEstimates } from '../../check/estimator.ts';
import { ImplementationFault } from '../../check/implementation.ts';
import { SubprocessImplementation } from '../../check/subprocess.ts';
import { ensureSorobanDriver, shellQuote, SOROBAN_IMPL, SorobanBuildError } from '../../check/soroban.ts';
import { parseWasmFlags, WASM_NAMES, WasmInputError, wasmArgs, wasmFlagsText, type UserWasm } from '../../check/wasm.ts';
import { InspectError, inspectWasm } from '../../check/inspect.ts';
import { anyShared, BASELINES, baselineLines, runBaseline, userOutcome, type UserDivergence } from '../../check/baseline.ts';
import type { ProfileName } from '../../../spec/profiles.ts';
import type { WorldConfig } from '../../world/create.ts';
import { loadCorpus, saveToCorpus, worldToJson } from '../../check/corpus.ts';
import { SCENARIOS } from '../../check/scenario-result.ts';
import { scenarioCommand, snapshotCheckOf, snapshotFlagsChecked, snapshotProvenance, snapshotWasmRefusal } from '../../check/scenario.ts';
import { stopSignalOf, watchSignals } from '../../interrupt.ts';
import { cutShort } from '../../report/timing.ts';
import { notExercised } from '../../exercise.ts';
import { RUN_DEFAULTS } from './run.ts';
import { implFlag, SUITE_USAGE, suiteFlags, suiteRefusal, TIMEOUT_MS, type CommandDef, type Flag } from '../options.ts';
import {
  budgetOf,
  common,
  periodicOf,
  timingLines,
  describeSettings,
  EXIT,
  int,
  MODEL_IMPL_COMMAND,
  BLEND_SDK_IMPL,
  BLEND_SDK_IMPL_COMMAND,
  outputDir,
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
 * A bare `check`: the runs and steps of a bare `run` (RUN_DEFAULTS: 1,400 runs of up to 200 steps,
 * some 140,000 actions), bounded by a 60 s time budget, as a slow implementation (the real contracts
 * in the Soroban host) cannot run them all in a minute: the report says when the budget cut the run,
 * and a cut run that exercised everything is still a pass. `--runs`, `--steps`, `--time-budget` or a
 * run profile override them.
 */
export const CHECK_DEFAULTS = { ...RUN_DEFAULTS, timeBudget: 60 } as const;

const CHECK_USAGE = `blend-harness check --impl "<command>"|model|soroban|blend-sdk [--profile ${PROFILE_NAMES.join('|')}] ${SUITE_USAGE.replace(' [--shard K/N]', '')} [--timeout-ms T] [--init-timeout-ms T] [--corpus DIR] [--snapshot FILE [--scenario migration]] [--tolerance STROOPS[+REL]] [--wasm NAME=FILE]... [--baseline bundled] [--whale on|off] [--second-reserve on|off] [--out DIR]`;

const FLAGS: readonly Flag[] = [
  implFlag('the implementation checked in lockstep with the reference model', true),
  ...suiteFlags({ ...CHECK_DEFAULTS, profileWithSnapshot: 'blend-v1' }),
  TIMEOUT_MS,
  {
    name: 'init-timeout-ms',
    value: 'T',
    does: "the longest wait for the handshake's reply and each init's reply (building a world can take longer than a step)",
    unit: 'milliseconds',
    allowed: '1 to 3600000',
    default: 'the --timeout-ms',
  },
  {
    name: 'corpus',
    value: 'DIR',
    does: 'the corpus: the saved sequences of earlier divergences, replayed first; a new divergence is saved here',
    default: 'corpus/ under --out',
  },
  {
    name: 'snapshot',
    value: 'FILE',
    does: 'check from this ledger snapshot (Blend v1 on mainnet) on both sides instead of generated worlds (no corpus)',
    allowed: 'a snapshot JSON file; with --profile blend-v1 only',
    default: 'generated worlds',
  },
  {
    name: 'scenario',
    value: 'NAME',
    does: 'with --snapshot: a scripted scenario from the snapshot instead of generated steps (migration: backfill, the drop, and a claim after it)',
    allowed: SCENARIOS.join(', '),
    default: 'none (generated steps)',
  },
  {
    name: 'wasm',
    value: 'NAME=FILE',
    does: "with --impl soroban: run the user's build of contract NAME instead of the bundled one (blend-contract-sdk 2.25.0); repeatable, once per contract. With --snapshot: backstop, pool and pool_factory become the migration's v2 contracts (--scenario migration only), emitter replaces the code of the snapshot's emitter in place (its storage kept); comet is refused",
    allowed: `NAME one of ${WASM_NAMES.join(', ')}; FILE a readable WASM file`,
    default: 'the bundled WASM of every contract',
    repeatable: true,
  },
  {
    name: 'baseline',
    value: 'NAME',
    does: "with --impl soroban and --wasm: replay each divergence of the user's build (the shrunk counterexample, and the sequence first found when the shrinking changed it) on the driver with every contract bundled, and say per divergence whether only the user's build diverges (user-build-only), the bundled build diverges the same way (shared: the model or the harness is at fault) or otherwise (different); the exit code stays the user's build's",
    allowed: `${BASELINES.join(', ')}; only with --impl soroban and at least one --wasm`,
    default: 'no baseline',
  },
  {
    name: 'tolerance',
    value: 'STROOPS[+REL]',
    does: "how far an estimator's estimate (handshake estimator units blnd-float: BLND as floats) may lie from what the model's claim pays before it is a difference: STROOPS BLND stroops plus REL times the amount (docs/estimators.md)",
    unit: 'BLND stroops + a relative part',
    allowed:
      'a non-negative integer, then optionally + and a relative part below 1 (2^-52, 1e-15); only with an estimator in blnd-float units',
    default: DEFAULT_TOLERANCE.text,
  },
  whaleFlag('off (no whale: the default world)', " (model and implementation build the same world: the protocol's init.world.whale)"),
  secondReserveFlag(
    'off (the default world)',
    " (model and implementation build the same world: the protocol's init.world.second_reserve)",
  ),
  workersFlag(
    'check the cases on N workers (the main thread and N - 1 worker threads), each with its own implementation process (the Soroban driver: one each); the result of a seed is the same for any N. With --path or --scenario the check is one process',
  ),
];

export const CHECK: CommandDef = {
  name: 'check',
  summary: 'check an implementation in lockstep with the reference model',
  description:
    'Runs generated steps on an implementation and on the reference model side by side: every reply, every state and every invariant must agree. The corpus of earlier divergences is replayed first; a divergence is shrunk and saved to the corpus with its replay commands. Exit 0 pass, 1 a divergence, 2 bad usage, 3 an implementation fault, 4 insufficient (docs/exit-codes.md).',
  usage: CHECK_USAGE,
  flags: FLAGS,
  refuse: suiteRefusal('check', () => FLAGS),
  action: check,
};

async function check(
  values: Values,
  _operands: readonly string[],
  io: CliIo,
  all: Readonly<Record<string, readonly string[] | undefined>> = {},
): Promise<number> {
  // the time to first failure counts from here
  const startedAt = performance.now();
  const c0 = common(values, { profile: values.snapshot !== undefined ? 'blend-v1' : 'documented', ...CHECK_DEFAULTS });
  // the default budget: neither --time-budget nor a run profile's
  const c: Common = { ...c0, budgetSeconds: c0.budgetSeconds ?? (c0.preset === undefined ? CHECK_DEFAULTS.timeBudget : undefined) };
  // check runs every case of its seed: a shard would silently run them all and call itself one part
  if (c.shard !== undefined) throw new UsageError('--shard: run only (check runs every case of its seed; shard run, then merge)');
  // --snapshot FILE [--scenario migration]: from a ledger snapshot, both sides (src/check/scenario.ts);
  // the flags checked here, the file read once the user's builds are inspected (below)
  const fromSnapshot = snapshotFlagsChecked(values.snapshot, values.scenario, c.profile.name);
  // --whale on: the default world with the whale, on both sides (init.world.whale; src/cli/whale.ts)
  const whale = whaleOf(values) === true;
  WHALE.refuseWithSnapshot(whale, fromSnapshot);
  // --second-reserve on: the default world with the second reserve configuration (init.world.second_reserve; src/cli/second-reserve.ts)
  const secondReserve = secondReserveOf(values) === true;
  SECOND_RESERVE.refuseWithSnapshot(secondReserve, fromSnapshot);
  if (values.impl === undefined || values.impl.trim() === '')
    throw new UsageError(
      `--impl: expected a command that speaks the check protocol (or "model", "soroban" or "blend-sdk"). ${CHECK_USAGE}`,
    );
  const workers = workersOf(values);
  const timeoutMs = int('timeout-ms', values['timeout-ms'], 10_000, 1, 3_600_000);
  // the handshake's and each init's reply (docs/protocol.md "Timeouts"); by default --timeout-ms
  const initTimeoutMs = int('init-timeout-ms', values['init-timeout-ms'], timeoutMs, 1, 3_600_000);
  // the corpus lives under the output directory unless --corpus names one (not in the working directory)
  const corpusDir = outputDir('corpus', values.corpus ?? join(c.out, 'corpus'));
  const corpus = fromSnapshot ? [] : loadCorpus(corpusDir, c.profile.name);
  // the corpus of each profile: under `documented`, an implementation of the contracts is checked in
  // lockstep under the profile it claims (src/check/documents.ts), and replays that profile's corpus
  const corpusFor = (name: string) => (name === c.profile.name ? corpus : loadCorpus(corpusDir, name));
  // --wasm NAME=FILE (repeatable): the user's builds, checked before anything runs (src/check/wasm.ts)
  let wasm: ReturnType<typeof parseWasmFlags>;
  try {
    wasm = parseWasmFlags(all.wasm ?? []);
  } catch (e) {
    throw e instanceof WasmInputError ? new UsageError(e.message) : e;
  }
  if (wasm.length > 0 && values.impl !== SOROBAN_IMPL) throw new UsageError('--wasm: only with --impl soroban');
  // --baseline bundled: the user's divergences replayed on the bundled build (src/check/baseline.ts)
  const baseline = values.baseline;
  if (baseline !== undefined) {
    if (!(BASELINES as readonly string[]).includes(baseline))
      throw new UsageError(`--baseline: expected ${BASELINES.join(' or ')}, got ${JSON.stringify(baseline)}`);
    if (values.impl !== SOROBAN_IMPL || wasm.length === 0)
      throw new UsageError(
        `--baseline ${baseline}: only with --impl soroban and at least one --wasm NAME=FILE (it compares the user's build with the bundled one)`,
      );
    if (fromSnapshot)
      throw new UsageError(
        `--baseline ${baseline}: not with --snapshot (the baseline replays divergences on the bundled v2 world, not on a snapshot)`,
      );
  }
  // on a snapshot the driver runs the user's backstop, pool_factory and pool as the migration's v2
  // contracts and an emitter build in place of the snapshot emitter's code (adapters/soroban/src/snapworld.rs);
  // a build the run would not deploy is refused, never ignored
  const refusal = fromSnapshot
    ? snapshotWasmRefusal(
        wasm.map((w) => w.name),
        values.scenario,
      )
    : undefined;
  if (refusal !== undefined) throw new UsageError(refusal);
  // --tolerance STROOPS[+REL]: an estimator's (src/check/claimable.ts); the named exact implementations are refused at once
  let tolerance: Tolerance | undefined;
  if (values.tolerance !== undefined) {
    try {
      tolerance = parseTolerance(values.tolerance);
    } catch (e) {
      throw e instanceof ToleranceError ? new UsageError(e.message) : e;
    }
    if (values.impl === 'model' || values.impl === SOROBAN_IMPL)
      throw new UsageError(`--tolerance: applies to an estimator in blnd-float units only; --impl ${values.impl} is compared exactly`);
  }
  /** The driver with every contract bundled: --baseline bundled's. */
  let bundledCommand: string | undefined;
  let command = values.impl === 'model' ? MODEL_IMPL_COMMAND : values.impl === BLEND_SDK_IMPL ? BLEND_SDK_IMPL_COMMAND : values.impl;
  if (values.impl === SOROBAN_IMPL) {
    // the named implementation: build the driver when needed (a no-op build takes ~0.3 s), then run it
    try {
      const binary = await ensureSorobanDriver({ notice: (line) => io.err(`${line}\n`) });
      // the user's builds checked by the driver (wasmparser, the interface) before anything runs (src/check/inspect.ts)
      if (wasm.length > 0)
        await inspectWasm(binary, wasm).catch((e: unknown) => {
          throw e instanceof WasmInputError ? new UsageError(e.message) : e;
        });
      command = shellQuote(binary) + wasmArgs(wasm);
      bundledCommand = shellQuote(binary);
    } catch (e) {
      if (e instanceof InspectError) {
        io.err(`blend-harness: ${e.message}\n`);
        return EXIT.fault;
      }
      if (!(e instanceof SorobanBuildError)) throw e;
      // cannot start the implementation: a fault, as for an --impl command that cannot start
      if (e.output.trim() !== '') io.err(e.output.endsWith('\n') ? e.output : `${e.output}\n`);
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.fault;
    }
  }

  // the snapshot read and checked (a bad file: one line, exit 2) after the user's builds were inspected
  const snapshot = fromSnapshot ? snapshotCheckOf(values.snapshot, values.scenario, c.profile.name) : undefined;
  if (snapshot?.scenario !== undefined) return scenarioCommand({ command, timeoutMs, initTimeoutMs, check: snapshot, out: c.out }, io);

  // from here on a signal kills the implementation, stops the check, and the reports are still written
  const watch = watchSignals();
  // --report-every: the reports rewritten while it runs, judged as the final one (src/report/periodic.ts)
  const periodic = periodicOf<CheckResult>(
    c,
    startedAt,
    (p) => judgeEstimates(withExercise(p, { ...c, profile: getProfile(p.profile) ?? c.profile }, p.skippedActions)),
    io,
  );
  try {
    const impl = new SubprocessImplementation({ command, timeoutMs, initTimeoutMs, exitOnSignal: false });
    let result;
    try {
      io.out(
        `checking against profile ${c.profile.name}, seed ${c.seed}: ${c.path !== undefined ? `the case at path ${c.path}` : `${c.runs} runs`} of up to ${c.steps} steps${describeSettings(c)} (Ctrl-C stops early and still writes the reports)\n`,
      );
      // the default budget only (no --time-budget, no run profile): say how long it may take and how to shorten it
      if (c0.budgetSeconds === undefined && c0.preset === undefined)
        io.out(
          `this may take up to ${CHECK_DEFAULTS.timeBudget} s (the default time budget); shorten it with --time-budget S or --run-profile pr\n`,
        );
      const progress = progressOf(c);
      const checkOpts = {
        profile: c.profile,
        runs: c.runs,
        steps: c.steps,
        seed: c.seed,
        path: c.path,
        replayPath: c.replayPath,
        impl,
        corpus,
        corpusFor,
        signal: watch.signal,
        shard: c.shard,
        startedAt,
        ...budgetOf(c),
        onCase: (done: number, n: number) => progress.onCase(done, n),
        world:
          snapshot?.world ??
          (whale || secondReserve
            ? { ...DEFAULT_WORLD, ...(whale ? { whale: true } : {}), ...(secondReserve ? { secondReserve: true } : {}) }
            : undefined),
        // k: the state read afresh and compared in full every k steps and at each sequence's end
        fullStateEvery: FULL_STATE_EVERY,
        tolerance,
        progress: periodic.sink,
      };
      // --workers N: each worker thread starts its own implementation (src/workers/check-pool.ts)
      result =
        workers > 1 && c.path === undefined
          ? await runCheckWorkers({ ...checkOpts, workers, workerImpl: { kind: 'subprocess', command, timeoutMs, initTimeoutMs } })
          : await runCheck(checkOpts);
      progress.done();
      // under `documented` against an implementation of the contracts, the lockstep part ran under the profile it claims
      result = judgeEstimates(withExercise(result, { ...c, profile: getProfile(result.profile) ?? c.profile }, result.skippedActions));
      // on a snapshot: the snapshot's contracts (on-ledger WASM hash) and the driver's builds it deploys
      if (snapshot !== undefined)
        result = {
          ...result,
          implementation: { ...result.implementation, provenance: snapshotProvenance(snapshot, result.implementation.provenance) },
        };
    } catch (e) {
      await impl.close();
      // --tolerance given for an implementation whose handshake is not a blnd-float estimator: bad usage, nothing run
      if (e instanceof ToleranceError) throw new UsageError(e.message);
      if (!(e instanceof ImplementationFault)) throw e;
      // a fault during the handshake: nothing was checked
      io.err(`blend-harness: implementation fault (${e.kind}): ${e.message}\n`);
      return EXIT.fault;
    }
    await impl.close();
    // --baseline bundled: each divergence of the user's build replayed on the bundled build (one process, after the check)
    if (baseline !== undefined && bundledCommand !== undefined) {
      const cmd = bundledCommand;
      const cx = result.counterexample;
      const divergences: UserDivergence[] =
        cx === undefined || result.fault !== undefined
          ? []
          : [
              { sequence: 'counterexample', actions: cx.actions, outcome: userOutcome(result.finding, cx) },
              ...(result.unshrunk !== undefined
                ? [{ sequence: 'unshrunk' as const, actions: result.unshrunk.actions, outcome: result.unshrunk.outcome }]
                : []),
            ];
      if (divergences.length > 0) io.out(`baseline bundled: replaying ${divergences.length} divergence sequence(s) on the bundled build\n`);
      result = {
        ...result,
        baseline: await runBaseline({
          profile: result.profile as ProfileName,
          world: result.world as WorldConfig,
          divergences,
          start: () => new SubprocessImplementation({ command: cmd, timeoutMs, initTimeoutMs, exitOnSignal: false }),
          signal: watch.signal,
        }),
      };
      // a signal during the baseline: the command did not finish; as for check, the reports are marked incomplete and the exit is the signal's
      const signal = stopSignalOf(watch.signal);
      if (result.baseline?.status === 'interrupted' && result.interrupted === undefined && signal !== undefined)
        result = { ...result, interrupted: { signal, runsCompleted: result.runsCompleted ?? 0 } };
    }
    periodic.stop();
    return finishCheck(result, { values, c, corpusDir, wasm }, io);
  } finally {
    periodic.stop();
    watch.dispose();
  }
}

function finishCheck(
  result: Awaited<ReturnType<typeof runCheck>>,
  { values, c, corpusDir, wasm }: { values: Values; c: Common; corpusDir: string; wasm: readonly UserWasm[] },
  io: CliIo,
): number {
  const impl = values.impl!;
  // an estimator (its handshake's `estimator`): the model ran the steps, the estimator was asked at chosen points (src/check/estimator.ts)
  const estimator = result.implementation.estimator;

  // the user's builds go with the implementation in every replay command (replay refuses other code than the recorded one)
  const implArg = (impl.includes(' ') ? `"${impl.replace(/"/g, '\\"')}"` : impl) + wasmFlagsText(wasm);
  const cx = result.counterexample;
  const replay = [
    `npx blend-harness check --impl ${implArg}`,
    `--profile ${result.profile}`,
    `--seed ${cx?.seed || c.seed}`,
    cx?.path ? `--path ${cx.path}` : '',
    cx?.path && cx.replayPath !== undefined ? `--replay-path ${cx.replayPath}` : '',
    `--runs ${c.runs}`,
    `--steps ${c.steps}`,
    values.snapshot !== undefined ? `--snapshot ${values.snapshot}` : `--corpus ${corpusDir}`,
    values.tolerance !== undefined ? `--tolerance ${values.tolerance}` : '',
    whaleOf(values) === true ? '--whale on' : '',
    secondReserveOf(values) === true ? '--second-reserve on' : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
  let corpusFile = result.corpus.failedFile;
  if (cx && result.verdict === 'fail' && corpusFile === undefined && values.snapshot === undefined) {
    corpusFile = saveToCorpus(
      corpusDir,
      {
        profile: result.profile,
        seed: cx.seed,
        path: cx.path,
        world: worldToJson(result.world as never),
        found: {
          implementation: `${result.implementation.name} ${result.implementation.version}`,
          // (the corpus file's only free text: a sequence the budget left unshrunk says so)
          finding: cutShort(cx) ? `${cx.message} (shrinking cut short by the time budget: may not be minimal)` : cx.message,
        },
        // the code of each contract the implementation ran (the Soroban driver's handshake), for replay
        provenance: result.implementation.provenance,
        // --baseline bundled: whose divergence it is, and the code the baseline ran (src/check/baseline.ts)
        ...(result.baseline ? { baseline: result.baseline } : {}),
        steps: cx.steps,
      },
      cx.actions,
    );
  }
  // the saved sequence replayed against the implementation first, the long form (seed and path) second
  const replayLines = corpusFile !== undefined ? `npx blend-harness replay ${corpusFile} --impl ${implArg}\n${replay}` : replay;
  writeReports(c.out, { result, replay: replayLines, regressionTest: undefined, corpusFile });

  io.out(
    `check ${result.implementation.name} ${result.implementation.version} (claims ${result.implementation.profile}${estimator ? `; an estimator in ${estimator.units}` : ''}) against profile ${result.profile}, seed ${c.seed}: ${result.totalSteps} steps ${estimator ? 'on the model' : 'in lockstep'} in ${runsLine(result)}, ${Math.round(result.durationMs)} ms\n`,
  );
  if (result.corpus.replayed > 0) io.out(`replayed ${result.corpus.replayed} corpus sequence(s) from ${corpusDir} first\n`);
  if (result.estimates !== undefined) for (const l of estimatesLines(result.estimates)) io.out(`${l}\n`);
  if (result.skippedActions.length > 0)
    io.out(`not generated (not supported by the implementation): ${result.skippedActions.join(', ')}\n`);
  const docs = result.documents;
  if (docs) {
    io.out(
      `\nthe implementation claims ${docs.implementationProfile}: ${docs.confirmed} of ${docs.differences.length} recorded differences from the documents confirmed on it (each witness replayed), then the lockstep part under ${docs.implementationProfile}:\n`,
    );
    for (const d of docs.differences)
      io.out(
        `  ${d.status === 'confirmed' ? 'confirmed' : d.status.toUpperCase()} ${d.id} (${d.rule}): documents ${d.documents}, contracts ${d.contracts}, implementation ${d.implementation} (${d.steps.length} step${d.steps.length === 1 ? '' : 's'})\n`,
      );
    io.out('\n');
  }
  if (result.fault) {
    io.out(`\nFAULT (${result.fault.kind}): ${result.fault.message}\n`);
  } else if (cx) {
    const shrunk = cutShort(cx)
      ? `cut short at ${cx.steps.length} steps (the budget ended the shrinking)`
      : `shrunk to ${cx.steps.length} steps`;
    // --baseline bundled: a divergence the bundled build shares is the model's or the harness's, said in the verdict line
    const shared = anyShared(result.baseline)
      ? 'SHARED DIVERGENCE (the bundled build diverges the same way: the model or the harness is at fault, not your build)'
      : 'DIVERGENCE';
    io.out(`\n${shared} ${cx.property}: ${cx.message}\n${timingLines(cx)}\n${shrunk}:\n`);
    cx.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
    if (result.baseline) for (const l of baselineLines(result.baseline)) io.out(`${l}\n`);
    io.out(
      `\nsaved to the corpus: ${corpusFile ?? '(not saved: a snapshot run)'}\nreplay:\n${replayLines
        .split('\n')
        .map((l) => `  ${l}\n`)
        .join('')}`,
    );
  } else if (result.verdict === 'pass' && estimator) {
    io.out(
      `no difference: every estimate agreed with what the model's claim pays${estimator.units === 'blnd-float' ? ` (within ${result.estimates?.tolerance ?? ''})` : ''}, and every invariant held on the model\n`,
    );
  } else if (result.verdict === 'pass') {
    io.out(
      `no divergence${docs ? ` in the lockstep part (${result.profile})` : ''}: every reply and every state agreed with the model, and every invariant held on the implementation\n`,
    );
  } else if (result.verdict === 'insufficient') {
    const idle = notExercised(result);
    io.out(
      `${estimator ? 'no difference in what ran: every estimate agreed with what the model’s claim pays, and no invariant failed on the model' : `no divergence in what ran${docs ? ` in the lockstep part (${result.profile})` : ''}: every reply and every state agreed with the model, and no invariant failed on the implementation`}; but not everything was exercised${idle.length > 0 ? `: ${idle.length} applicable propert${idle.length === 1 ? 'y' : 'ies'} never checked (${idle.join(', ')})` : ''}\n`,
    );
  }
  // --baseline bundled without a counterexample: it replayed nothing, and says so
  if (!cx && result.baseline) for (const l of baselineLines(result.baseline)) io.out(`${l}\n`);
  // known defects of the profile's deployed contracts (spec/known-defects.ts), which the model and the implementation share
  for (const d of result.knownDefects ?? [])
    io.out(
      `known defect ${d.id} of ${result.profile} (fixed in ${d.fixedIn.repo}@${d.fixedIn.commit}), seen by ${d.seenBy.map((x) => `${x.property} at ${x.count} step(s)`).join(', ')}\n`,
    );
  if (docs && docs.confirmed < docs.differences.length)
    io.out(
      `\nFAIL: ${docs.differences.length - docs.confirmed} recorded difference(s) from the documents not confirmed on the implementation (spec/divergences.ts is stale for it, or it is not the contracts it claims)\n`,
    );
  io.out(`reports: ${c.out}/report.json, report.md, junit.xml, report.html\n`);
  return verdictExit(result, c.runs, c.ruleSource, io);
}

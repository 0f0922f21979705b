/**
 * `blend-harness mutate`: the mutation score of the suites against the Blend contracts' WASM. The
 * Soroban driver makes the mutants of each contract (adapters/soroban/src/mutate.rs, through
 * src/mutate/mutants.ts); the unmutated build is checked first at the seed (it must not diverge,
 * else no mutant can be judged); then each mutant is checked in lockstep with the model, within its
 * own budget, on `--workers` lanes (src/workers/mutate-pool.ts; each check with a driver process of
 * its own, src/mutate/run.ts), and the reports are written after each one, the mutants in the
 * driver's order whatever N (src/mutate/report.ts: mutants.json, mutants.html, mutants.md).
 */
import { resolve } from 'node:path';
import { ensureSorobanDriver, SorobanBuildError } from '../../check/soroban.ts';
import { parseWasmFlags, WASM_NAMES, WasmInputError, type UserWasm } from '../../check/wasm.ts';
import { SIGNAL_EXIT, stopSignalOf, watchSignals } from '../../interrupt.ts';
import { EQUIVALENT_FILE, EquivalentFileError, loadEquivalents } from '../../mutate/equivalent.ts';
import {
  generateMutants,
  MUTATE_CONTRACTS,
  MutantGenerationError,
  type MutantList,
  type MutateContract,
  type Mutant,
} from '../../mutate/mutants.ts';
import { uncounted, writeMutateReports, type MutateRunInfo } from '../../mutate/report.ts';
import { checkBuild, graceSeconds, MUTATE_PROFILE, type CheckEnd, type MutantCheckSettings, type MutantOutcome } from '../../mutate/run.ts';
import { fileRefusal, type CommandDef, type Flag } from '../options.ts';
import { EXIT, int, outputDir, UsageError, type CliIo, type Values } from '../shared.ts';
import { RUN_DEFAULTS } from './run.ts';
import { workersFlag, workersOf } from '../workers.ts';
import { secondReserveFlag, secondReserveOf } from '../second-reserve.ts';
import { whaleFlag, whaleOf } from '../whale.ts';
import { judgeMutants } from '../../workers/mutate-pool.ts';

const MUTATE_USAGE =
  'blend-harness mutate [--wasm NAME=FILE ...] [--contracts backstop,emitter,pool] [--per-mutant-budget S] [--max-mutants N] [--only ID ...] [--seed S] [--whale on|off] [--second-reserve on|off] [--workers N] [--equivalent FILE] [--timeout-ms T] [--out DIR]';

/** The default budget of one mutant's check, seconds (issue 19: at no more than 60 s per mutant). */
export const PER_MUTANT_BUDGET = 60;

const FLAGS: readonly Flag[] = [
  {
    name: 'wasm',
    value: 'NAME=FILE',
    does: "the user's build of contract NAME: mutated when NAME is one of --contracts, and run unmutated in every check of the other contracts' mutants; repeatable, once per contract",
    allowed: `NAME one of ${WASM_NAMES.join(', ')}; FILE a readable WASM file`,
    default: 'the bundled WASM (blend-contract-sdk 2.25.0) of every contract',
    repeatable: true,
  },
  {
    name: 'contracts',
    value: 'LIST',
    does: 'the contracts whose WASM is mutated, comma-separated; run in the order backstop, emitter, pool',
    allowed: MUTATE_CONTRACTS.join(', '),
    default: MUTATE_CONTRACTS.join(','),
  },
  {
    name: 'per-mutant-budget',
    value: 'S',
    does: "the time budget of each mutant's check (the check stops starting runs after it; a mutant still running at the budget plus a grace of max(10, S/2) seconds is stopped and reported timed out)",
    unit: 'seconds',
    allowed: '1 to 3600',
    default: String(PER_MUTANT_BUDGET),
  },
  {
    name: 'max-mutants',
    value: 'N',
    does: 'check at most N mutants: N evenly spaced over the valid, non-equivalent mutants in order (after --only); the invalid, the declared equivalent and the ignored (equivalent by construction) ones are listed anyway',
    allowed: '1 to 1000000',
    default: 'every mutant',
  },
  {
    name: 'only',
    value: 'ID',
    does: 'check only these mutants (ids as mutants.json lists them; comma-separated or repeated); an id no contract has is refused',
    default: 'every mutant',
    repeatable: true,
  },
  {
    name: 'seed',
    value: 'S',
    does: "the seed of every mutant's check (the same seed, build and flags run the same cases)",
    allowed: '-2147483648 to 2147483647 (a negative one as --seed=-5)',
    default: 'from the clock (printed at the start)',
  },
  whaleFlag(
    'on when --contracts is the backstop alone, else off',
    ". Every check of the run (the unmutated build's and each mutant's) is in that world. On for the backstop's mutants: its high-half mutants (queue_withdrawal +292, dequeue_withdrawal +401) need the whale's amounts past 2^64 (docs/usage.md, \"The whale\")",
  ),
  secondReserveFlag(
    'on when --contracts is the pool alone, else off',
    ". Every check of the run (the unmutated build's and each mutant's) is in that world. On for the pool's mutants: its interest mutants func163 +504 and +709 (calc_accrual's SCALAR_7 in util_scalar) and func125 +11 (a borrow of a disabled reserve) need it (docs/usage.md, \"The second reserve configuration\")",
  ),
  workersFlag(
    'the mutants checked at a time, each by a lane (the main thread or a worker thread) with a driver process of its own and its own budget; the reports list the same mutants in the same order, checked at the same seed, for any N',
  ),
  {
    name: 'equivalent',
    value: 'FILE',
    does: 'the reviewed declarations of equivalent mutants, each with its reason (left out of the score)',
    default: 'spec/mutants-equivalent.json',
  },
  {
    name: 'timeout-ms',
    value: 'T',
    does: 'the longest wait for one reply of the driver; then the mutant is reported timed out (an endless loop)',
    unit: 'milliseconds',
    allowed: '1 to 3600000',
    default: '10000',
  },
  {
    name: 'out',
    value: 'DIR',
    does: 'the directory of the reports (mutants.json, mutants.html, mutants.md) and of the mutants (wasm/), created when missing; checked before anything runs',
    default: 'reports/mutants',
  },
];

export const MUTATE: CommandDef = {
  name: 'mutate',
  summary: "mutate the contracts' WASM and report how many mutants the check kills",
  description:
    "Makes mutants of the backstop, emitter and pool WASM (the user's builds with --wasm, else the bundled ones) in the Soroban driver (emission constants replaced by a neighbour, comparisons flipped, i64 add/sub swapped, in the functions reachable from the emission entry points; each mutant validated, its id stable), checks the unmutated build at the seed, then checks each mutant in lockstep with the model (check --impl soroban --wasm CONTRACT=MUTANT, no shrinking), each within its own budget (--workers N at a time), and writes mutants.json (Stryker's mutation-testing-report-schema), mutants.html and mutants.md (the kill table). A comparison flip the driver proves equivalent from the instruction sequence (the i128 lowering's high-half comparison under a select, a min or max, operands that cannot be equal) is reported ignored with its proof and not run. Score = killed / (all - invalid - equivalent - ignored). Exit 0 when every mutant was judged, 1 when the unmutated build diverges, 2 bad usage, 3 a fault (the driver, or a mutant the harness could not judge), 129/130/143 interrupted (the reports are written, marked incomplete).",
  usage: MUTATE_USAGE,
  flags: FLAGS,
  refuse: fileRefusal('mutate', MUTATE_USAGE),
  action: mutate,
};

/**
 * `--whale`'s default: on when the backstop is the only contract mutated. The backstop's high-half
 * mutants need the whale's amounts (docs/usage.md, "The whale": measured with `--only`, seed 1,
 * 60 s); the emitter's and the pool's mutants do not use it, and the whale moves their random
 * stream and costs paying claims, so a run that mutates them keeps the default world.
 */
export function mutateWhaleDefault(contracts: readonly MutateContract[]): boolean {
  return contracts.length === 1 && contracts[0] === 'backstop';
}

/**
 * `--second-reserve`'s default: on when the pool is the only contract mutated. Its interest mutants
 * `func163 +504`, `+709` and its `func125 +11` need the second configuration and the disabled
 * reserve (docs/usage.md, "The second reserve configuration"); the backstop's and the emitter's do
 * not read reserves' configurations, and the option moves their random stream, so a run that
 * mutates them keeps the default world.
 */
export function mutateSecondReserveDefault(contracts: readonly MutateContract[]): boolean {
  return contracts.length === 1 && contracts[0] === 'pool';
}

/** `--contracts a,b`: known, each once, in the canonical order. */
function contractsOf(v: string | undefined): MutateContract[] {
  if (v === undefined) return [...MUTATE_CONTRACTS];
  const names = v.split(',').map((s) => s.trim());
  for (const n of names)
    if (!(MUTATE_CONTRACTS as readonly string[]).includes(n))
      throw new UsageError(`--contracts: expected names among ${MUTATE_CONTRACTS.join(', ')}, got "${n === '' ? v : n}"`);
  if (new Set(names).size !== names.length) throw new UsageError(`--contracts ${v}: a contract named twice`);
  return MUTATE_CONTRACTS.filter((c) => names.includes(c));
}

/** N evenly spaced over `xs` (all of them when N >= their number), in order. */
export function evenlySpaced<T>(xs: readonly T[], n: number | undefined): T[] {
  if (n === undefined || n >= xs.length) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!);
}

async function mutate(
  values: Values,
  _operands: readonly string[],
  io: CliIo,
  all: Readonly<Record<string, readonly string[] | undefined>> = {},
): Promise<number> {
  const t0 = performance.now();
  // every input checked before anything runs
  let userWasm: UserWasm[];
  try {
    userWasm = parseWasmFlags(all.wasm ?? []);
  } catch (e) {
    throw e instanceof WasmInputError ? new UsageError(e.message) : e;
  }
  const contracts = contractsOf(values.contracts);
  const budgetSeconds = int('per-mutant-budget', values['per-mutant-budget'], PER_MUTANT_BUDGET, 1, 3600);
  const maxMutants = values['max-mutants'] === undefined ? undefined : int('max-mutants', values['max-mutants'], 0, 1, 1_000_000);
  const only = (all.only ?? []).flatMap((v) => v.split(',')).map((s) => s.trim());
  if (only.some((id) => id === '')) throw new UsageError('--only: expected mutant ids, got an empty one');
  const seed = int('seed', values.seed, Date.now() % 2_147_483_647, -2_147_483_648, 2_147_483_647);
  const timeoutMs = int('timeout-ms', values['timeout-ms'], 10_000, 1, 3_600_000);
  const workers = workersOf(values);
  // the whale (src/cli/whale.ts): by default on for the backstop's mutants alone (docs/usage.md, "The whale")
  const whale = whaleOf(values) ?? mutateWhaleDefault(contracts);
  // the second reserve configuration (src/cli/second-reserve.ts): by default on for the pool's mutants alone
  const secondReserve = secondReserveOf(values) ?? mutateSecondReserveDefault(contracts);
  const equivalentFile = resolve(values.equivalent ?? EQUIVALENT_FILE);
  let equivalents: ReturnType<typeof loadEquivalents>;
  try {
    equivalents = loadEquivalents(equivalentFile);
  } catch (e) {
    throw e instanceof EquivalentFileError ? new UsageError(e.message) : e;
  }
  const out = outputDir('out', values.out ?? 'reports/mutants');

  let driver: string;
  try {
    driver = await ensureSorobanDriver({ notice: (line) => io.err(`${line}\n`) });
  } catch (e) {
    if (!(e instanceof SorobanBuildError)) throw e;
    if (e.output.trim() !== '') io.err(e.output.endsWith('\n') ? e.output : `${e.output}\n`);
    io.err(`blend-harness: ${e.message}\n`);
    return EXIT.fault;
  }

  const watch = watchSignals();
  try {
    // the mutants of each contract, written by the driver under DIR/wasm
    const lists: MutantList[] = [];
    for (const c of contracts) {
      try {
        const list = await generateMutants(driver, c, userWasm.find((w) => w.name === c)?.file, resolve(out, 'wasm'), watch.signal);
        lists.push(list);
        const valid = list.mutants.filter((m) => m.valid).length;
        const ignored = list.mutants.filter((m) => m.valid && m.ignored_reason !== null).length;
        io.out(
          `${c} (sha256 ${list.sha256.slice(0, 12)}, ${list.source}): ${list.mutants.length} mutants, ${valid} valid, ${ignored} ignored (equivalent by construction)\n`,
        );
      } catch (e) {
        if (watch.signal.aborted) return SIGNAL_EXIT[stopSignalOf(watch.signal)!];
        if (!(e instanceof MutantGenerationError)) throw e;
        if (e.exitCode === 2) throw new UsageError(e.message);
        io.err(`blend-harness: ${e.message}\n`);
        return EXIT.fault;
      }
    }
    type Entry = { contract: MutateContract; index: number; mutant: Mutant };
    let entries: Entry[] = lists.flatMap((l) => l.mutants.map((mutant, index) => ({ contract: l.contract, index, mutant })));
    if (only.length > 0) {
      const known = new Set(entries.map((e) => e.mutant.id));
      const unknown = only.find((id) => !known.has(id));
      if (unknown !== undefined)
        throw new UsageError(`--only ${unknown}: no mutant of ${contracts.join(', ')} has this id (see ${out}/wasm/*.mutants.json)`);
      entries = entries.filter((e) => only.includes(e.mutant.id));
    }
    // not run: invalid, declared equivalent, or equivalent by construction (the driver's proof)
    const unjudged = (e: Entry): boolean => !e.mutant.valid || equivalents.has(e.mutant.id) || e.mutant.ignored_reason !== null;
    const runnable = entries.filter((e) => !unjudged(e));
    const chosen = new Set(evenlySpaced(runnable, maxMutants));
    const planned = entries.filter((e) => unjudged(e) || chosen.has(e));
    const selection = [
      only.length > 0 ? `only ${only.length} id(s)` : '',
      maxMutants !== undefined && maxMutants < runnable.length
        ? `${chosen.size} of ${runnable.length} evenly spaced (--max-mutants ${maxMutants})`
        : '',
    ]
      .filter((x) => x !== '')
      .join(', ');

    const settings: MutantCheckSettings = {
      driver,
      userWasm,
      seed,
      whale,
      secondReserve,
      runs: RUN_DEFAULTS.runs,
      steps: RUN_DEFAULTS.steps,
      budgetSeconds,
      timeoutMs,
      signal: watch.signal,
      warn: (line) => io.err(`${line}\n`),
    };
    const grace = graceSeconds(budgetSeconds);
    io.out(
      `seed ${seed}${whale ? ', the world with the whale' : ''}${secondReserve ? ', the second reserve configuration' : ''}: the unmutated build first, then ${chosen.size} mutant(s) on ${workers} worker(s), each within ${budgetSeconds} s (hard limit ${budgetSeconds + grace} s); reports in ${out} (Ctrl-C stops and still writes them)\n`,
    );
    const baselineEnd = await checkBuild(userWasm, settings);
    if (baselineEnd.interrupted) {
      io.out('INTERRUPTED while checking the unmutated build: no mutant was run\n');
      return SIGNAL_EXIT[stopSignalOf(watch.signal)!];
    }
    const baseline = describeBaseline(baselineEnd);
    io.out(`the unmutated build: ${baseline.text}\n`);
    if (baseline.exit !== undefined) {
      io.err(`blend-harness: the unmutated build ${baseline.text}: no mutant can be judged at seed ${seed}\n`);
      return baseline.exit;
    }
    // the runs the unmutated build passed: a kill in a later case is checked on it again (below)
    const baselineRuns = baselineEnd.result?.budget?.runsCompleted ?? baselineEnd.result?.runsCompleted ?? 0;
    if (baselineRuns === 0) {
      io.err(
        `blend-harness: the unmutated build completed no run within ${budgetSeconds} s, so no kill could be told from its own behaviour: raise --per-mutant-budget\n`,
      );
      return EXIT.fault;
    }

    const info = (extra: Partial<MutateRunInfo> = {}): MutateRunInfo => ({
      seed,
      ...(whale ? { whale } : {}),
      ...(secondReserve ? { secondReserve } : {}),
      budgetSeconds,
      graceSeconds: grace,
      runs: settings.runs,
      steps: settings.steps,
      profile: MUTATE_PROFILE,
      lists,
      ...(selection !== '' ? { selection } : {}),
      equivalentFile,
      baseline: baseline.text,
      seconds: (performance.now() - t0) / 1000,
      workers,
      ...extra,
    });
    const outcomes: MutantOutcome[] = planned.map((e) => {
      const eq = equivalents.get(e.mutant.id);
      if (!e.mutant.valid) return { ...e, status: 'invalid', detail: e.mutant.invalid_reason ?? 'does not validate', seconds: 0 };
      // the driver's proof wins over a declaration: it needs no review
      if (e.mutant.ignored_reason !== null)
        return {
          ...e,
          status: 'ignored',
          detail: `equivalent by construction: ${e.mutant.ignored_reason}${eq !== undefined ? ' (also declared equivalent in the reviewed file)' : ''}`,
          seconds: 0,
        };
      if (eq !== undefined) return { ...e, status: 'equivalent', detail: `${eq.reason} (reviewed by ${eq.reviewedBy})`, seconds: 0 };
      return { ...e, status: 'not run', detail: 'not run yet', seconds: 0 };
    });
    // the mutants still to check, judged on `workers` lanes; each judgement goes to the mutant's place
    const initial = [...outcomes];
    const pending = outcomes.flatMap((o, i) => (o.status === 'not run' ? [i] : []));
    let done = 0;
    /** The lowest mutant whose killing case the unmutated build fails too: nothing after it is judged. */
    let halt: { k: number; text: string; exit: number; path: string; id: string } | undefined;
    const interrupted = (i: number): void => {
      outcomes[i] = { ...initial[i]!, detail: 'interrupted during its check' };
    };
    await judgeMutants({
      items: pending.map((i) => ({ contract: outcomes[i]!.contract, index: outcomes[i]!.index, mutant: outcomes[i]!.mutant })),
      settings,
      baselineRuns,
      workers,
      onJudged: (k, { outcome: r, recheck }) => {
        const i = pending[k]!;
        if (r.status === 'not run' || recheck?.interrupted === true) {
          interrupted(i);
          return undefined;
        }
        // a kill in a case the unmutated build's check did not reach: that case replayed on the
        // unmutated build must pass, else the divergence is the build's, not the mutant's
        if (recheck !== undefined) {
          const b = describeBaseline(recheck);
          if (b.exit !== undefined) {
            if (halt === undefined || k < halt.k) halt = { k, text: b.text, exit: b.exit, path: r.path ?? '', id: r.mutant.id };
            return 'stop';
          }
          const replayed = recheck.result?.budget?.runsCompleted ?? recheck.result?.runsCompleted ?? 0;
          if (replayed === 0) {
            // not replayed within the budget: whose divergence it is stays unknown, never a kill
            outcomes[i] = {
              ...r,
              status: 'error',
              killer: undefined,
              detail: `${r.detail ?? ''}; but the unmutated build did not finish the same case (path ${r.path}) within the budget, so the kill is not confirmed`,
            };
            done++;
            writeMutateReports(
              out,
              outcomes,
              info({ incomplete: 'the run is still going; these reports are rewritten after each mutant' }),
            );
            return undefined;
          }
        }
        outcomes[i] = r;
        done++;
        io.err(
          `[${done}/${chosen.size}] ${r.mutant.id} ${r.status}${r.killer !== undefined ? ` by ${r.killer}` : ''} (${r.seconds.toFixed(1)} s)\n`,
        );
        writeMutateReports(out, outcomes, info({ incomplete: 'the run is still going; these reports are rewritten after each mutant' }));
        return undefined;
      },
    });
    if (halt !== undefined) {
      // as one after the other: the mutants from the halting one on are not judged (whatever N ran of them)
      for (const i of pending.slice(halt.k)) outcomes[i] = initial[i]!;
      writeMutateReports(out, outcomes, info({ incomplete: `stopped: the unmutated build at path ${halt.path} ${halt.text}` }));
      io.err(
        `blend-harness: the unmutated build ${halt.text} at seed ${seed}, path ${halt.path} (the case that killed ${halt.id}): no mutant can be judged at this seed\n`,
      );
      return halt.exit;
    }
    const stopped = stopSignalOf(watch.signal);
    const t = writeMutateReports(out, outcomes, info(stopped !== undefined ? { incomplete: `interrupted by ${stopped}` } : {}));
    const score = t.score === undefined ? 'n/a' : `${t.score.toFixed(1)}%`;
    io.out(
      `mutation score ${score}: ${t.byStatus.killed} killed of ${t.all - uncounted(t)} (all ${t.all} - invalid ${t.byStatus.invalid} - equivalent ${t.byStatus.equivalent} - ignored ${t.byStatus.ignored}${t.byStatus['not run'] > 0 ? ` - not run ${t.byStatus['not run']}` : ''}); survived ${t.byStatus.survived}, timed out ${t.byStatus['timed out']}, error ${t.byStatus.error}, not run ${t.byStatus['not run']}; ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
    );
    io.out(`reports: ${out}/mutants.json, mutants.html, mutants.md\n`);
    if (stopped !== undefined) {
      io.out(`INTERRUPTED by ${stopped}: the reports are marked incomplete\n`);
      return SIGNAL_EXIT[stopped];
    }
    if (t.byStatus.error > 0) {
      io.out(`FAULT: ${t.byStatus.error} mutant(s) could not be judged (see mutants.md)\n`);
      return EXIT.fault;
    }
    // not exercised is not passed: a selection of invalid, declared or ignored mutants only judged none
    if (t.byStatus.killed + t.byStatus.survived + t.byStatus['timed out'] === 0) {
      io.out('NOT EXERCISED: no mutant was run (every one chosen is invalid, declared equivalent or ignored): no score\n');
      return EXIT.insufficient;
    }
    return EXIT.pass;
  } finally {
    watch.dispose();
  }
}

/** How the unmutated build's check ended, and the exit code when no mutant can be judged after it. */
function describeBaseline(end: CheckEnd): { text: string; exit?: number } {
  const r = end.result;
  const fault = end.handshakeFault ?? r?.fault;
  if (end.timedOut) return { text: `ran past its hard limit (${end.seconds.toFixed(1)} s)`, exit: EXIT.fault };
  if (r?.verdict === 'fail')
    return {
      text: `diverges (${r.counterexample?.property ?? 'a difference from the documents'}: ${r.counterexample?.message.split('\n')[0] ?? ''})`,
      exit: EXIT.fail,
    };
  if (fault !== undefined) return { text: `faulted (${fault.kind}: ${fault.message.split('\n')[0]})`, exit: EXIT.fault };
  if (r === undefined) return { text: 'returned nothing', exit: EXIT.fault };
  const ran = r.budget?.runsCompleted ?? r.runsCompleted ?? 0;
  return { text: `no divergence in ${ran} runs (${r.totalSteps} steps, ${end.seconds.toFixed(1)} s)` };
}

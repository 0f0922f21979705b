/**
 * `blend-harness mutate`: each mutant of the Blend contracts' WASM (src/mutate/mutants.ts) checked
 * in lockstep with the reference model by the check API (src/check/check.ts `runCheck`, the same
 * check `check --impl soroban --wasm CONTRACT=MUTANT` runs, in this process), one mutant after the
 * other, each within its budget, and classified:
 *
 * - `killed`: the check failed (a divergence or a property, `killer` names it; or a recorded
 *   difference from the documents no longer confirmed), or the implementation faulted during a case
 *   (a trap, a crash: `check` exits 3 on such a build, so it cannot ship unnoticed); a kill in a case
 *   the unmutated build's check did not reach is replayed on it first (`judgeMutant`);
 * - `survived`: no divergence within the budget in at least one case run to its end (a pass, or
 *   insufficient: nothing diverged);
 * - `timed out`: the mutant ran past its hard limit (the budget plus a grace), a reply past
 *   --timeout-ms (an endless loop), or no case ran to its end within the budget (not exercised);
 * - `invalid`: the mutant does not validate (never run);
 * - `equivalent`: declared in the reviewed file (src/mutate/equivalent.ts; never run);
 * - `ignored`: equivalent by construction, proven by the driver from the instruction sequence
 *   (adapters/soroban/src/equivalence.rs; the proof in `detail`; never run);
 * - `error`: the harness could not judge it (a harness fault, or a fault before any contract code
 *   ran: the driver's handshake): not a kill, counted in the score's denominator, and `mutate` exits 3;
 * - `not run`: the run was interrupted before it.
 *
 * Every mutant is checked with the same seed, no corpus and no shrinking (the first divergence kills
 * it; its seed and fast-check path replay it with `check`), each with a driver process of its own and
 * a budget of its own (which starts with its check), so two runs of the same build and flags run the
 * same cases (within what the budget lets run), whether the mutants are checked one after the other
 * or on `--workers N` threads (src/workers/mutate-pool.ts: the reports list them in the driver's order).
 */
import { getProfile } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../run.ts';
import { runCheck, type CheckResult } from '../check/check.ts';
import { ImplementationFault } from '../check/implementation.ts';
import { FULL_STATE_EVERY } from '../check/lockstep.ts';
import { shellQuote } from '../check/soroban.ts';
import { SubprocessImplementation } from '../check/subprocess.ts';
import { wasmArgs, type UserWasm } from '../check/wasm.ts';
import type { Mutant, MutateContract } from './mutants.ts';

export type MutantStatus = 'killed' | 'survived' | 'timed out' | 'invalid' | 'equivalent' | 'ignored' | 'error' | 'not run';

/** One mutant's result. */
export interface MutantOutcome {
  readonly contract: MutateContract;
  /** The mutant's position in the driver's list of its contract. */
  readonly index: number;
  readonly mutant: Mutant;
  readonly status: MutantStatus;
  /** killed: the property or divergence that killed it (`implementation fault (KIND)` for a fault). */
  readonly killer?: string;
  /** The killer's message, the fault's, the reason it is invalid or equivalent, the proof it is ignored, or what survived. */
  readonly detail?: string;
  /** Wall time of its check, seconds (0 for a mutant not run). */
  readonly seconds: number;
  /** killed: the command that replays the kill. */
  readonly replay?: string;
  /** killed: the fast-check path of the killing case, at the seed (a counterexample's, or the case a fault happened in). */
  readonly path?: string;
}

/** The settings every mutant's check shares. */
export interface MutantCheckSettings {
  /** The driver binary (src/check/soroban.ts ensureSorobanDriver). */
  readonly driver: string;
  /** The user's builds (`--wasm`): kept for every contract but the one mutated. */
  readonly userWasm: readonly UserWasm[];
  readonly seed: number;
  /** Every check (the unmutated build's, each mutant's, a kill's recheck) in the world with the whale (`--whale`). */
  readonly whale: boolean;
  /** Every check in the world with the second reserve configuration (`--second-reserve`; spec/worlds.ts secondReserve). */
  readonly secondReserve?: boolean;
  readonly runs: number;
  readonly steps: number;
  /** The check's time budget per mutant, seconds. */
  readonly budgetSeconds: number;
  /** The longest wait for one reply, ms. */
  readonly timeoutMs: number;
  /** Aborted on Ctrl-C / SIGTERM / SIGHUP: the mutant in flight is stopped, none starts. */
  readonly signal: AbortSignal;
  /** Warnings about processes that could not be ended. */
  readonly warn: (line: string) => void;
}

/** The hard limit of one mutant's check past its budget: start-up and the step in flight (seconds). */
export function graceSeconds(budgetSeconds: number): number {
  return Math.max(10, Math.ceil(budgetSeconds / 2));
}

/** The profile every mutant is checked under: check's default, the documents (then the contracts the driver claims). */
export const MUTATE_PROFILE = 'documented';

/** How one check (of a mutant, or of the unmutated build) ended. */
export interface CheckEnd {
  readonly result?: CheckResult;
  /** A fault during the handshake (runCheck threw). */
  readonly handshakeFault?: { kind: string; message: string };
  readonly timedOut: boolean;
  readonly interrupted: boolean;
  readonly seconds: number;
}

/**
 * One check of the driver with these builds (`wasm`), within the budget and its hard limit; with
 * `path`, only the case at that fast-check path (a kill's case replayed on the unmutated build).
 */
export async function checkBuild(wasm: readonly UserWasm[], s: MutantCheckSettings, path?: string): Promise<CheckEnd> {
  const t0 = performance.now();
  const profile = getProfile(MUTATE_PROFILE)!;
  const hard = new AbortController();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      hard.abort('SIGTERM');
    },
    (s.budgetSeconds + graceSeconds(s.budgetSeconds)) * 1000,
  );
  const impl = new SubprocessImplementation({
    command: shellQuote(s.driver) + wasmArgs(wasm),
    timeoutMs: s.timeoutMs,
    initTimeoutMs: s.timeoutMs,
    exitOnSignal: false,
    warn: s.warn,
  });
  try {
    const result = await runCheck({
      profile,
      // with a path, that case alone (fast-check runs `runs` cases from the path's)
      runs: path !== undefined ? 1 : s.runs,
      steps: s.steps,
      seed: s.seed,
      ...(path !== undefined ? { path } : {}),
      // the whale (spec/worlds.ts): model and driver build the same world (init.world.whale)
      // and the second reserve configuration (init.world.second_reserve)
      ...(s.whale || s.secondReserve === true
        ? { world: { ...DEFAULT_WORLD, ...(s.whale ? { whale: true } : {}), ...(s.secondReserve === true ? { secondReserve: true } : {}) } }
        : {}),
      impl,
      corpus: [],
      corpusFor: () => [],
      signal: AbortSignal.any([s.signal, hard.signal]),
      deadline: t0 + s.budgetSeconds * 1000,
      budgetSeconds: s.budgetSeconds,
      fullStateEvery: FULL_STATE_EVERY,
      shrink: false,
    });
    return { result, timedOut, interrupted: s.signal.aborted, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    if (!(e instanceof ImplementationFault)) throw e;
    return {
      handshakeFault: { kind: e.kind, message: e.message },
      timedOut,
      interrupted: s.signal.aborted,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    clearTimeout(timer);
    await impl.close();
  }
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The status of a mutant from its check's end (an interrupted check is `not run`: its caller stops).
 * A kill by an implementation fault in a generated case names that case (`faultRun`, its 0-based
 * index at the seed: the check's `fault.case`), so that a fault in a case the unmutated build did not
 * reach is replayed on it like a divergence (`judgeMutant`); a fault before any generated case (the
 * documents' replay) is one the unmutated build's check passed through already.
 */
export function classify(end: CheckEnd): { status: MutantStatus; killer?: string; detail?: string; faultRun?: number } {
  if (end.interrupted) return { status: 'not run', detail: 'the run was interrupted during its check' };
  if (end.timedOut) return { status: 'timed out', detail: `still running at its hard limit (${end.seconds.toFixed(1)} s)` };
  // the driver answers the handshake before any contract code runs (it reads and inspects the WASM
  // files only): a fault there is the driver's or the machine's (a file gone, a spawn refused), not
  // the mutant's, and a mutant the harness could not run is not judged
  if (end.handshakeFault !== undefined)
    return {
      status: 'error',
      detail: `the driver failed before any contract code ran (handshake, ${end.handshakeFault.kind}): ${oneLine(end.handshakeFault.message)}`,
    };
  const fault = end.result?.fault;
  const r = end.result;
  if (r?.verdict === 'fail') {
    const cx = r.counterexample;
    if (cx !== undefined) return { status: 'killed', killer: cx.property, detail: oneLine(cx.message) };
    const lost = r.documents?.differences.find((d) => d.status !== 'confirmed');
    if (lost !== undefined)
      return {
        status: 'killed',
        killer: `documents ${lost.id}`,
        detail: `the recorded difference ${lost.id} (${lost.rule}) is ${lost.status} on the mutant: documents ${lost.documents}, contracts ${lost.contracts}, mutant ${lost.implementation}`,
      };
    return { status: 'error', detail: 'the check failed without a counterexample or a difference from the documents' };
  }
  if (fault !== undefined) {
    if (fault.kind === 'harness') return { status: 'error', detail: `harness fault: ${oneLine(fault.message)}` };
    if (fault.kind === 'timeout') return { status: 'timed out', detail: oneLine(fault.message) };
    return {
      status: 'killed',
      killer: `implementation fault (${fault.kind})`,
      detail: oneLine(fault.message),
      ...(fault.case !== undefined ? { faultRun: fault.case } : {}),
    };
  }
  if (r === undefined) return { status: 'error', detail: 'the check returned nothing' };
  if (r.verdict === 'pass' || r.verdict === 'insufficient') {
    const ran = r.budget?.runsCompleted ?? r.runsCompleted ?? 0;
    // no case ran to its end: the mutant was not exercised (too slow a build, or too loaded a
    // machine), which is no survival: counted as not killed, and listed as such
    if (ran === 0)
      return { status: 'timed out', detail: `completed no run within the budget (${r.totalSteps} steps, ${end.seconds.toFixed(1)} s)` };
    return { status: 'survived', detail: `no divergence in ${ran} runs (${r.totalSteps} steps) within the budget` };
  }
  return { status: 'error', detail: `verdict ${r.verdict}` };
}

/** The `check` command that replays a killed mutant's first divergence (seed and path; check shrinks it). */
export function replayCommand(
  contract: MutateContract,
  mutant: Mutant,
  end: CheckEnd,
  s: MutantCheckSettings,
  path = end.result?.counterexample?.path,
): string | undefined {
  const wasm = [...s.userWasm.filter((w) => w.name !== contract).map((w) => `--wasm ${shellQuote(`${w.name}=${w.file}`)}`)];
  return [
    'npx blend-harness check --impl soroban',
    `--wasm ${shellQuote(`${contract}=${mutant.file ?? ''}`)}`,
    ...wasm,
    `--seed ${s.seed} --runs ${s.runs} --steps ${s.steps}`,
    path !== undefined ? `--path ${path}` : '',
    `--time-budget ${s.budgetSeconds}`,
    s.whale ? '--whale on' : '',
    s.secondReserve === true ? '--second-reserve on' : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
}

/** One mutant checked: its outcome (a `not run` outcome when the run was interrupted during it). */
export async function checkMutant(contract: MutateContract, index: number, mutant: Mutant, s: MutantCheckSettings): Promise<MutantOutcome> {
  const wasm: UserWasm[] = [...s.userWasm.filter((w) => w.name !== contract), { name: contract, file: mutant.file! }];
  const end = await checkBuild(wasm, s);
  const { faultRun, ...c } = classify(end);
  // the case that killed it: a counterexample's path, or the case a fault happened in
  const path =
    c.status !== 'killed' ? undefined : (end.result?.counterexample?.path ?? (faultRun !== undefined ? String(faultRun) : undefined));
  return {
    contract,
    index,
    mutant,
    ...c,
    seconds: end.seconds,
    ...(c.status === 'killed' ? { replay: replayCommand(contract, mutant, end, s, path) } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/** One mutant judged: its outcome, and the unmutated build's check of the killing case when it was replayed. */
export interface MutantJudgement {
  readonly outcome: MutantOutcome;
  /**
   * A kill in a case the unmutated build's check did not reach (path's run >= `baselineRuns`): that
   * case replayed on the unmutated build (src/cli/commands/mutate.ts decides: a divergence there is
   * the build's, not the mutant's).
   */
  readonly recheck?: CheckEnd;
}

/**
 * `checkMutant`, then, for a kill at a case the unmutated build's check did not reach (its run
 * >= `baselineRuns`), that case replayed on the unmutated build (`checkBuild` with the path).
 */
export async function judgeMutant(
  contract: MutateContract,
  index: number,
  mutant: Mutant,
  s: MutantCheckSettings,
  baselineRuns: number,
): Promise<MutantJudgement> {
  const outcome = await checkMutant(contract, index, mutant, s);
  if (outcome.path === undefined || Number(outcome.path.split(':')[0]) < baselineRuns) return { outcome };
  // a kill not confirmed on the unmutated build is no kill: interrupted before, the mutant is not run
  if (s.signal.aborted)
    return { outcome: { contract, index, mutant, status: 'not run', detail: 'interrupted during its check', seconds: 0 } };
  return { outcome, recheck: await checkBuild(s.userWasm, s, outcome.path) };
}

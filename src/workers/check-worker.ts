/**
 * One `check --workers` task, in a worker thread (src/workers/check-pool.ts): the cases
 * [start, start + count) of a seed's sequence checked in lockstep (src/check/check.ts with `chunk`)
 * against the worker's own implementation: its own child process (`--impl "<command>"`, `model`,
 * `soroban`: the driver), or the reference model (or a variant of it) in the thread. The child is
 * closed before the task returns (no process outlives its task); a stop signal set in the shared
 * array interrupts it at once (its process group killed, src/check/subprocess.ts `interrupt`).
 */
import { getProfile } from '../../spec/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { runCheck, type CheckResult } from '../check/check.ts';
import type { Action } from '../../model/actions.ts';
import { ImplementationFault, InProcessImplementation, type ExpectLater, type Implementation } from '../check/implementation.ts';
import { SubprocessImplementation } from '../check/subprocess.ts';
import { signalOfCode } from '../interrupt.ts';
import type { ChunkBase, VariantRef } from './worker.ts';
import type { Tolerance } from '../check/claimable.ts';
import { bound } from './bound.ts';

/** The implementation each worker starts for itself (a function or a process cannot cross threads). */
export type ImplSpec =
  /** A child process speaking docs/protocol.md (the CLI's --impl; src/check/subprocess.ts). */
  | {
      readonly kind: 'subprocess';
      readonly command: string;
      readonly timeoutMs: number;
      readonly initTimeoutMs?: number;
      /** SubprocessOptions.validateRequests (default true). */
      readonly validateRequests?: boolean;
    }
  /** The reference model in the worker thread, or a variant of it loaded by module (`apply`, `prepare`). */
  | { readonly kind: 'in-process'; readonly name?: string; readonly variant?: VariantRef };

export interface CheckChunkTask extends ChunkBase {
  readonly impl: ImplSpec;
  /** The profile the lockstep part runs under (under `documented`, the one the implementation claims). */
  readonly profile: string;
  readonly fullStateEvery?: number;
  /** `--tolerance` of a blnd-float estimator (src/check/claimable.ts). */
  readonly tolerance?: Tolerance;
}
/** How often (ms) a worker waiting on its implementation looks at the shared stop flag. */
const STOP_POLL_MS = 20;

/** The implementation of `spec`, started in this thread. */
async function implOf(spec: ImplSpec): Promise<Implementation> {
  if (spec.kind === 'subprocess')
    return new SubprocessImplementation({
      command: spec.command,
      timeoutMs: spec.timeoutMs,
      ...(spec.initTimeoutMs !== undefined ? { initTimeoutMs: spec.initTimeoutMs } : {}),
      ...(spec.validateRequests !== undefined ? { validateRequests: spec.validateRequests } : {}),
      // the main thread watches the signals; this worker is told through the shared array
      exitOnSignal: false,
    });
  const v = spec.variant;
  const variant = v ? ((m) => (v.index !== undefined ? m[v.index] : m))((await import(v.module))[v.name]) : undefined;
  return new InProcessImplementation(spec.name, variant?.apply, variant?.prepare);
}

/** A chunk's result, or the fault that refused the handshake (an error's class does not cross threads). */
export type CheckChunkOutcome =
  | { readonly result: CheckResult }
  | { readonly implementationFault: { readonly kind: ImplementationFault['kind']; readonly message: string } };

/** The chunk's outcome; undefined when a stop came before it started (no implementation started for nothing). */
export async function runCheckChunk(t: CheckChunkTask): Promise<CheckChunkOutcome | undefined> {
  const flags = new Int32Array(t.shared);
  const profile = getProfile(t.profile);
  if (profile === undefined) throw new Error(`no profile ${t.profile}`);
  const stop = new AbortController();
  /** The stop signal set by the main thread, seen: abort (runCheck interrupts the implementation). */
  const look = (): void => {
    const code = Atomics.load(flags, 0);
    if (code !== 0 && !stop.signal.aborted) stop.abort(signalOfCode(code));
  };
  look();
  if (stop.signal.aborted) return undefined;
  const impl = await implOf(t.impl);
  // looked at while the thread waits on a reply, and before every call (an in-process model never waits)
  const poll = setInterval(look, STOP_POLL_MS);
  const watched: Implementation = {
    ...bound(impl),
    call: (a) => {
      look();
      return impl.call(a);
    },
    ...(impl.callAndState
      ? {
          callAndState: (a: Action, text: string | undefined | ExpectLater) => {
            look();
            return impl.callAndState!(a, text);
          },
        }
      : {}),
  };
  const local = (at: number): number => at - performance.timeOrigin;
  let cases = 0;
  let steps = 0;
  try {
    return {
      result: await runCheck({
        profile,
        runs: t.count,
        steps: t.steps,
        seed: t.seed,
        chunk: { start: t.start, count: t.count },
        impl: watched,
        signal: stop.signal,
        ...(t.world ? { world: t.world } : {}),
        ...(t.propertyIds ? { properties: PROPERTIES.filter((p) => t.propertyIds?.includes(p.id)) } : {}),
        ...(t.fullStateEvery !== undefined ? { fullStateEvery: t.fullStateEvery } : {}),
        ...(t.tolerance !== undefined ? { tolerance: t.tolerance } : {}),
        startedAt: local(t.startedAt),
        ...(t.deadlineAt !== undefined ? { deadline: local(t.deadlineAt), budgetSeconds: t.budgetSeconds } : {}),
        onCase: (done, n) => {
          Atomics.add(flags, 1, done - cases);
          Atomics.add(flags, 2, n - steps);
          cases = done;
          steps = n;
        },
      }),
    };
  } catch (e) {
    // the handshake refused (the rest of a check's faults are in its result): one line, as in one process
    if (e instanceof ImplementationFault) return { implementationFault: { kind: e.kind, message: e.message } };
    throw e;
  } finally {
    clearInterval(poll);
    await impl.close();
  }
}

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed) during a run. The first one stops the
 * run at the next step boundary (`run`: after the current run; `check`: at once, the
 * implementation is killed) and the reports are still written, marked incomplete; a second one
 * exits at once. The exit codes are the shell's 128 + the signal's number: 130 for SIGINT, 143 for
 * SIGTERM, 129 for SIGHUP.
 *
 * bin/blend-harness.mjs listens for these signals before it loads anything else, and records one
 * that arrives while the harness starts (`EARLY_SIGNAL_KEY`): `watchSignals` takes it, so that a
 * run stops before its first step. It also takes the harness's parent going away (npx killed,
 * its `sh -c` gone) as SIGTERM.
 */

export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** What an interrupted run reports. */
export interface InterruptInfo {
  readonly signal: StopSignal;
  /** Runs (generated sequences) that completed before the signal. */
  readonly runsCompleted: number;
}

/** A call abandoned because the run was interrupted (not a fault of the implementation). */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

export interface SignalWatch {
  /** Aborted, with the signal's name as its reason, on the first SIGINT, SIGTERM or SIGHUP. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** Remove the handlers (the default behaviour of the signals returns). */
  dispose(): void;
}

const SIGNALS = Object.keys(SIGNAL_EXIT) as StopSignal[];
/** The code of a stop signal in the workers' shared array (src/workers/: its index + 1; 0 is none). */
export const signalCode = (s: StopSignal): number => SIGNALS.indexOf(s) + 1;
/** The stop signal of a code in the workers' shared array (0: none). */
export const signalOfCode = (code: number): StopSignal | undefined => SIGNALS[code - 1];

/** Whether `s` is one of the signals that stop a run. */
export function isStopSignal(s: unknown): s is StopSignal {
  return typeof s === 'string' && Object.hasOwn(SIGNAL_EXIT, s);
}

/** The reason an aborted signal carries, as a StopSignal (SIGINT when it is something else). */
export function stopSignalOf(signal: AbortSignal | undefined): StopSignal | undefined {
  if (signal === undefined || !signal.aborted) return undefined;
  return isStopSignal(signal.reason) ? signal.reason : 'SIGINT';
}

/**
 * Where bin/blend-harness.mjs keeps the signals it saw (`globalThis[EARLY_SIGNAL_KEY]`): the first
 * one not yet taken by a `watchSignals`, and how many watches are active (while one is, the bin
 * leaves the signals to it).
 */
export const EARLY_SIGNAL_KEY = Symbol.for('blend-harness.signals');
export interface EarlySignals {
  pending: StopSignal | undefined;
  watching: number;
  /** The signal a watch has taken, if any (the bin's parent watch then sends no SIGTERM of its own). */
  received?: StopSignal;
}

/**
 * A second signal exits at once only this long (ms) after the first: signals that arrive together
 * (a process group signalled and the same signal forwarded by npm) are one request to stop.
 */
export const SECOND_SIGNAL_AFTER_MS = 1000;

/** The bin's record of signals (one that does nothing when the CLI runs without the bin, as in tests). */
export function earlySignals(): EarlySignals {
  const g = globalThis as { [EARLY_SIGNAL_KEY]?: EarlySignals };
  return (g[EARLY_SIGNAL_KEY] ??= { pending: undefined, watching: 0 });
}

/**
 * Watch SIGINT, SIGTERM and SIGHUP until `dispose`: the first aborts `signal`, a second one at
 * least SECOND_SIGNAL_AFTER_MS later exits at once (signals arriving together are one stop). A
 * signal the bin recorded before (while the harness started) counts as the first: `signal` is
 * aborted from the start.
 */
export function watchSignals(): SignalWatch {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  let receivedAt = 0;
  const early = earlySignals();
  early.watching++;
  const handlers: [StopSignal, () => void][] = (Object.keys(SIGNAL_EXIT) as StopSignal[]).map((s) => [
    s,
    () => {
      if (received !== undefined) {
        // one stop often arrives as several signals at once (`timeout` signals the whole process
        // group and npm forwards the same signal to its child; the parent watch adds a SIGTERM when
        // npm exits): only a signal well after the first is the user asking to stop at once
        if (performance.now() - receivedAt >= SECOND_SIGNAL_AFTER_MS) process.exit(SIGNAL_EXIT[s]);
        return;
      }
      received = s;
      receivedAt = performance.now();
      early.received = s;
      controller.abort(s);
    },
  ]);
  for (const [s, h] of handlers) process.on(s, h);
  if (early.pending !== undefined) {
    received = early.pending;
    receivedAt = performance.now();
    early.pending = undefined;
    controller.abort(received);
  }
  let disposed = false;
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      early.watching--;
      for (const [s, h] of handlers) process.off(s, h);
    },
  };
}

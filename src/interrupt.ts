/**
 * Ctrl-C (SIGINT) and SIGTERM during a run. The first one stops the run at the next step boundary
 * (`run`: after the current run; `check`: at once, the implementation is killed) and the reports
 * are still written, marked incomplete; a second one exits at once. The exit codes are the shell's
 * 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM.
 */

export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
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
  /** Aborted, with the signal's name as its reason, on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** Remove the handlers (the default behaviour of the signals returns). */
  dispose(): void;
}

/** The reason an aborted signal carries, as a StopSignal (SIGINT when it is something else). */
export function stopSignalOf(signal: AbortSignal | undefined): StopSignal | undefined {
  if (signal === undefined || !signal.aborted) return undefined;
  return signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/** Watch SIGINT and SIGTERM until `dispose`: the first aborts `signal`, a second exits at once. */
export function watchSignals(): SignalWatch {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const handlers: [StopSignal, () => void][] = (['SIGINT', 'SIGTERM'] as const).map((s) => [
    s,
    () => {
      if (received !== undefined) process.exit(SIGNAL_EXIT[s]);
      received = s;
      controller.abort(s);
    },
  ]);
  for (const [s, h] of handlers) process.on(s, h);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      for (const [s, h] of handlers) process.off(s, h);
    },
  };
}

/**
 * Earned verdicts: what makes a run's verdict a fault although nothing failed. An error the harness
 * does not understand (not a property's violation, not a divergence, not an implementation fault)
 * and a fast-check run that did not run all its cases for any reason but a signal or the time budget
 * both end as verdict `fault` (exit 3), naming what happened: neither is ever a pass.
 * docs/exit-codes.md lists every verdict and exit code.
 */

/**
 * An error the harness does not understand, as a fault of kind `harness` that names it (its class
 * and message) and where it arose. Such an error proves nothing about the implementation either
 * way, so the check cannot pass.
 */
export function harnessFault(e: unknown, where: string): { kind: 'harness'; message: string } {
  return { kind: 'harness', message: `an error the harness does not understand, ${where}: ${describeError(e)}` };
}

/** `Class: message` of a thrown value (its first line; a value that is not an Error as text). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name || e.constructor?.name || 'Error'}: ${(e.message.split('\n')[0] ?? '').slice(0, 500)}`;
  let text: string;
  try {
    text = String(e);
  } catch {
    text = Object.prototype.toString.call(e);
  }
  return `thrown ${typeof e}: ${text.slice(0, 500)}`;
}

/**
 * What fast-check's run details say that the harness did not see itself: a failure nobody
 * classified, an early end that was neither a signal nor the time budget, or fewer runs than asked
 * for. Undefined when the run earned its verdict.
 */
export function unearned(
  details: {
    readonly failed: boolean;
    readonly interrupted: boolean;
    readonly numRuns: number;
    readonly numSkips: number;
    readonly errorInstance?: unknown;
  },
  found: boolean,
  budgetHit: boolean,
  opts: { readonly runs: number; readonly path?: string },
): { kind: 'harness'; message: string } | undefined {
  if (details.failed && !found) {
    const why =
      details.errorInstance !== undefined && details.errorInstance !== null
        ? describeError(details.errorInstance)
        : `no error (${details.numSkips} runs skipped)`;
    return {
      kind: 'harness',
      message: `fast-check reports a failure the harness did not classify, after ${details.numRuns} of ${opts.runs} runs: ${why}`,
    };
  }
  if (found || budgetHit) return undefined;
  if (details.interrupted)
    return {
      kind: 'harness',
      message: `fast-check ended the run early, after ${details.numRuns} of ${opts.runs} runs, for no reason the harness knows (not a signal, not the time budget)`,
    };
  // a --path replays one case
  if (opts.path === undefined && details.numRuns < opts.runs)
    return {
      kind: 'harness',
      message: `fast-check ran ${details.numRuns} of ${opts.runs} runs (${details.numSkips} skipped): the run did not complete`,
    };
  return undefined;
}

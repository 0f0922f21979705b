/**
 * Progress of a long run on a terminal: one line rewritten in place (runs done of the total,
 * actions per second, time left in the budget), at most every PROGRESS_INTERVAL_MS. Quiet when
 * the stream is not a terminal or CI is set, so CI logs get only the final summary.
 */

/** How often the line is redrawn (ms). */
export const PROGRESS_INTERVAL_MS = 200;

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  /** Whether the line is drawn at all (a terminal, not CI). */
  readonly enabled: boolean;
  /** After each run: runs done and steps (actions) so far. */
  onCase(done: number, steps: number): void;
  /** Clear the line (before the summary is printed). */
  done(): void;
}

export interface ProgressOptions {
  readonly total: number;
  /** The time budget in seconds, if any. */
  readonly budgetSeconds?: number;
  readonly stream: ProgressStream;
  readonly env?: NodeJS.ProcessEnv;
  /** The clock (ms), for tests. */
  readonly now?: () => number;
  /** What is counted ("runs" or "cases"). */
  readonly label?: string;
}

/** `12,345`. */
const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The progress line: `runs 120/1,000 (12%) · 45,210 actions/s · 38 s left of 50 s`. */
export function progressLine(
  done: number,
  total: number,
  steps: number,
  elapsedMs: number,
  budgetSeconds?: number,
  label = 'runs',
): string {
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const rate = elapsedMs > 0 ? (steps * 1000) / elapsedMs : 0;
  const parts = [`${label} ${n(done)}/${n(total)} (${pct}%)`, `${n(rate)} actions/s`];
  if (budgetSeconds !== undefined) parts.push(`${Math.max(0, Math.ceil(budgetSeconds - elapsedMs / 1000))} s left of ${budgetSeconds} s`);
  return parts.join(' · ');
}

export function createProgress(o: ProgressOptions): Progress {
  const env = o.env ?? process.env;
  const enabled = o.stream.isTTY === true && !env.CI && env.TERM !== 'dumb';
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  let last = -Infinity;
  let drawn = false;
  return {
    enabled,
    onCase(done, steps) {
      if (!enabled) return;
      const t = now();
      if (t - last < PROGRESS_INTERVAL_MS && done < o.total) return;
      last = t;
      drawn = true;
      o.stream.write(`\r\x1b[2K${progressLine(done, o.total, steps, t - t0, o.budgetSeconds, o.label)}`);
    },
    done() {
      if (drawn) o.stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/**
 * Time to first failure and the shrinking, in words, for every report and the terminal: when a
 * counterexample's failure was first seen (the run, the actions and the seconds after which it
 * was seen), how long its shrinking took (seconds, fast-check's count of shrinks, the candidates
 * tried), and whether the time budget cut the shrinking short; and what a report written while its
 * command still ran says of itself.
 */
import type { Counterexample, RunResult } from '../run.ts';

/** Seconds with 2 decimals (3 under 0.1 s): `0.042 s`, `1.37 s`. */
export const seconds = (s: number): string => `${s < 0.1 ? s.toFixed(3) : s.toFixed(2)} s`;

/** `12,345`. */
const count = (n: number): string => n.toLocaleString('en-US');

/** `first seen in run 51 after 5,068 actions, 0.21 s after the start`, or undefined when not recorded. */
export function firstSeenText(c: Pick<Counterexample, 'found'>): string | undefined {
  const f = c.found;
  if (f === undefined) return undefined;
  return `first seen in run ${count(f.run)} after ${count(f.actions)} action${f.actions === 1 ? '' : 's'}, ${seconds(f.seconds)} after the start`;
}

/** `shrunk in 1.85 s: 74 shrinks of 2,788 candidates tried`, or undefined when not recorded. */
export function shrinkText(c: Pick<Counterexample, 'shrink'>): string | undefined {
  const s = c.shrink;
  if (s === undefined) return undefined;
  return `shrunk in ${seconds(s.seconds)}: ${count(s.steps)} shrink${s.steps === 1 ? '' : 's'} (smaller failing cases) of ${count(s.attempts)} candidate${s.attempts === 1 ? '' : 's'} tried${s.cutShort ? ', cut short by the time budget' : ''}`;
}

/** Whether the time budget ended while this counterexample was being shrunk. */
export const cutShort = (c: Pick<Counterexample, 'shrink'> | undefined): boolean => c?.shrink?.cutShort === true;

/**
 * The mark of a counterexample whose shrinking the budget cut short: `shrinking cut short by the
 * time budget of 90 s: ...` (the report's and the terminal's line).
 */
export function cutShortText(budgetSeconds: number | undefined): string {
  return `shrinking cut short${budgetSeconds !== undefined ? ` by the time budget of ${budgetSeconds} s` : ' by the time budget'}: this counterexample is the smallest failing case found until then and may not be minimal (it fails: its replay reproduces it)`;
}

/** What an in-progress report (`--report-every`, src/report/periodic.ts) says of itself, in words. */
export function inProgressText(res: RunResult): string {
  const p = res.inProgress;
  if (p === undefined) return '';
  return `written at ${p.writtenAt}, ${p.seconds} s after the start, while the command still ran (rewritten every ${p.everySeconds} s; the final reports replace it): ${res.runsCompleted ?? 0} of ${res.runs} runs done so far${res.verdict === 'insufficient' ? ', nothing failed so far' : ''}; a report left like this means the process ended before its final report (killed)`;
}

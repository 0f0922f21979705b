/**
 * `BLEND_HARNESS_TIMELINE=1` (a measurement aid for `--workers`, docs/performance.md): when set,
 * `run --workers N` prints to stderr, for each chunk of cases, the lane that ran it (0: the main
 * thread), its first case, when it started and ended (ms from the command's start), its actions,
 * and the CPU milliseconds of the thread that ran it (Linux: /proc/thread-self/stat; elsewhere
 * absent); then the CPU of every thread of the process. Off by default: nothing is read or printed.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Whether the timeline is asked for. */
export const TIMELINE: boolean = process.env.BLEND_HARNESS_TIMELINE === '1';

/** /proc stat times are in clock ticks of 10 ms (USER_HZ on Linux). */
const TICK_MS = 10;

/** utime + stime (ms) of a /proc stat line. */
function cpuOfStat(text: string): number {
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** The CPU milliseconds of the calling thread so far (undefined without /proc). */
export function threadCpuMs(): number | undefined {
  try {
    return cpuOfStat(readFileSync('/proc/thread-self/stat', 'latin1'));
  } catch {
    return undefined;
  }
}

/** The CPU milliseconds of each thread of this process, main thread first (empty without /proc). */
export function processThreadsCpuMs(): { tid: number; cpuMs: number }[] {
  try {
    return readdirSync('/proc/self/task')
      .map(Number)
      .sort((a, b) => (a === process.pid ? -1 : b === process.pid ? 1 : a - b))
      .map((tid) => ({ tid, cpuMs: cpuOfStat(readFileSync(`/proc/self/task/${tid}/stat`, 'latin1')) }));
  } catch {
    return [];
  }
}

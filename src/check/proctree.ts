/**
 * The processes an implementation started, found while it runs, so that none outlives the check.
 *
 * Killing the implementation's process group (`kill(-pgid)`) ends what stayed in its group, but not
 * a descendant that left it (`setsid`, `setpgid`, a daemon's double fork). This module remembers
 * every descendant it has seen, each with its start time (field 22 of `/proc/PID/stat`, in clock
 * ticks since boot), so that a pid the kernel has since reused for an unrelated process is never
 * killed. Descendants are found two ways:
 *
 * - by the tree: every process whose parent is the implementation or a process remembered (still
 *   the same process). `refresh`, which the caller runs periodically and when it sends requests,
 *   reads only the tree's own processes: each one's children from the kernel's
 *   `/proc/PID/task/TID/children` (Linux 3.5+, CONFIG_PROC_CHILDREN), and falls back to the
 *   `/proc/PID/stat` of every process where that file is missing; `endAll` always reads every
 *   process's (the kernel documents the children list as best-effort while processes fork). Walking
 *   every process cost ~3.6 ms of CPU per refresh on a shared machine of ~150 processes, a fifth of
 *   the harness's CPU in a lockstep against the Soroban driver (docs/performance.md); the tree's
 *   own files cost a few hundredths of that;
 * - by a marker in the environment: the implementation is started with `BLEND_HARNESS_RUN=<token>`,
 *   which its descendants inherit; `endAll` also ends every process of this user whose
 *   `/proc/PID/environ` holds that exact token, which finds one whose parent exited before a
 *   refresh saw it (it was re-parented to init). A descendant that both left the tree between two
 *   refreshes and cleared its environment is not found.
 *
 * On a system without `/proc` (not Linux) nothing is found, and only the process group is killed.
 * No npm package does this better: `pidtree` and `ps-tree` run `ps` (a process per look-up, no start
 * times, so no protection against reused pids) and know nothing of the environment marker.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks an implementation's processes. */
export const RUN_MARKER_VAR = 'BLEND_HARNESS_RUN';

/** One process as `/proc/PID/stat` describes it. */
export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** Start time in clock ticks since boot: with the pid, who the process is. */
  readonly start: string;
  /** `R`, `S`, `D`, `Z` (a zombie: dead, not yet reaped), … */
  readonly state: string;
  readonly comm: string;
}

/** The process `pid` as `/proc/PID/stat` describes it, or undefined when there is none. */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last `)`
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const f = text.slice(close + 2).split(' ');
  if (f.length < 20) return undefined;
  return { pid, comm: text.slice(text.indexOf('(') + 1, close), state: f[0]!, ppid: Number(f[1]), start: f[19]! };
}

/** The pids in /proc (empty where there is no /proc). */
function allPids(): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const n of names) {
    const c = n.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(n));
  }
  return pids;
}

/**
 * The children of `pid` from the kernel's lists, one per thread (`/proc/PID/task/TID/children`):
 * [] when the process is gone, undefined when this kernel keeps no such lists.
 */
function childrenOf(pid: number): number[] | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // gone (or no /proc: then the root was never read and nothing is remembered)
  }
  const out: number[] = [];
  for (const tid of tids) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(`/proc/${pid}/task/${tid}`)) return undefined;
      continue; // the thread exited meanwhile
    }
    for (const n of text.split(/\s+/)) if (n !== '') out.push(Number(n));
  }
  return out;
}

/** Sleep `ms` without the event loop (for the `exit` handler, which must be synchronous). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A process that could not be ended, and why. */
export interface Survivor {
  readonly pid: number;
  readonly comm: string;
  readonly why: string;
}

/**
 * The descendants of the process `root` (the implementation), remembered with their start times.
 */
export class Descendants {
  /** Every descendant seen: pid → start time. */
  readonly seen = new Map<number, string>();
  private readonly rootStart: string | undefined;

  /**
   * `kill` sends a signal (process.kill; a test passes one that fails). The marker is the value of
   * `RUN_MARKER_VAR` in the implementation's environment.
   */
  constructor(
    readonly root: number,
    readonly marker: string,
    private readonly kill: (pid: number, signal: NodeJS.Signals) => void = (pid, signal) => void process.kill(pid, signal),
  ) {
    this.rootStart = readStat(root)?.start;
  }

  /** Whether `pid` is still the process first seen with start time `start` (and not a zombie). */
  private static alive(pid: number, start: string | undefined): ProcStat | undefined {
    const s = readStat(pid);
    return s !== undefined && s.start === start && s.state !== 'Z' ? s : undefined;
  }

  /**
   * Find new descendants: every process whose parent is the root or a remembered descendant (the
   * same process it was when first seen) is remembered, its children then too. From the tree's own
   * `/proc/PID/task/TID/children` lists where the kernel has them, else from every process
   * (`refreshAll`).
   */
  refresh(): void {
    const parents = this.aliveParents();
    while (parents.length > 0) {
      const kids = childrenOf(parents.pop()!);
      if (kids === undefined) {
        this.refreshAll();
        return;
      }
      for (const pid of kids) {
        if (pid === process.pid) continue;
        const c = readStat(pid);
        if (c === undefined || this.seen.get(pid) === c.start) continue;
        this.seen.set(pid, c.start);
        parents.push(pid);
      }
    }
  }

  /** The root and every remembered descendant that is still the process first seen. */
  private aliveParents(): number[] {
    const parents: number[] = [];
    if (this.rootStart !== undefined && Descendants.alive(this.root, this.rootStart)) parents.push(this.root);
    for (const [pid, start] of this.seen) if (Descendants.alive(pid, start)) parents.push(pid);
    return parents;
  }

  /**
   * `refresh` from the `/proc/PID/stat` of every process: what `endAll` runs (and `refresh` where
   * the kernel keeps no children lists).
   */
  refreshAll(): void {
    const byParent = new Map<number, ProcStat[]>();
    for (const pid of allPids()) {
      const s = readStat(pid);
      if (s === undefined) continue;
      const list = byParent.get(s.ppid);
      if (list === undefined) byParent.set(s.ppid, [s]);
      else list.push(s);
    }
    const parents = this.aliveParents();
    while (parents.length > 0) {
      for (const c of byParent.get(parents.pop()!) ?? []) {
        if (c.pid === process.pid || this.seen.get(c.pid) === c.start) continue;
        this.seen.set(c.pid, c.start);
        parents.push(c.pid);
      }
    }
  }

  /** Remember every process whose environment holds this run's marker. */
  private findMarked(): void {
    const needle = Buffer.from(`\0${RUN_MARKER_VAR}=${this.marker}\0`);
    for (const pid of allPids()) {
      if (pid === process.pid || pid === this.root || this.seen.has(pid)) continue;
      let env: Buffer;
      try {
        env = readFileSync(`/proc/${pid}/environ`);
      } catch {
        continue; // gone, or another user's
      }
      if (env.length === 0) continue;
      if (Buffer.concat([Buffer.from([0]), env]).includes(needle)) {
        const s = readStat(pid);
        if (s !== undefined) this.seen.set(pid, s.start);
      }
    }
  }

  /**
   * End every descendant: a last refresh, the marked processes, then SIGKILL to each remembered
   * process that is still the same process; wait up to `waitMs` for them to die. Synchronous (it
   * runs in the `exit` handler too). Returns the ones that could not be ended.
   */
  endAll(waitMs = 300): Survivor[] {
    this.refreshAll();
    this.findMarked();
    // the root's children are found again by the refresh above: kill parents first so none forks more
    const failed = new Map<number, string>();
    for (const [pid, start] of this.seen) {
      if (!Descendants.alive(pid, start)) continue;
      try {
        this.kill(pid, 'SIGKILL');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ESRCH') failed.set(pid, `kill failed: ${code ?? String(e)}`);
      }
    }
    const deadline = Date.now() + waitMs;
    let left = [...this.seen].filter(([pid, start]) => Descendants.alive(pid, start) !== undefined);
    while (left.length > 0 && Date.now() < deadline) {
      sleepSync(10);
      left = left.filter(([pid, start]) => Descendants.alive(pid, start) !== undefined);
    }
    const survivors: Survivor[] = [];
    for (const [pid, start] of left) {
      const s = Descendants.alive(pid, start);
      if (s !== undefined)
        survivors.push({ pid, comm: s.comm, why: failed.get(pid) ?? `still running ${waitMs} ms after SIGKILL (state ${s.state})` });
    }
    for (const pid of [...this.seen.keys()]) if (!left.some(([p]) => p === pid)) this.seen.delete(pid);
    return survivors;
  }
}

#!/usr/bin/env node
// The launcher of the CLI, in two places: bin/blend-harness.mjs in a checkout runs the TypeScript
// sources through tsx's loader (no build step); its copy dist/bin/blend-harness.mjs (`npm run
// build`, the package's `bin`) runs the compiled dist/src/cli/main.js, with no tsx: the installed
// package ships dist/ and no sources. The copy inside a checkout (dist/ beside src/) still runs the
// sources, so that `npx blend-harness` there is never a stale build; BLEND_HARNESS_DIST=1 makes it
// run dist/ (bench/startup.ts).
//
// Signals (src/interrupt.ts, docs/protocol.md "Signals and processes"): the handlers are installed
// here, before the slow imports (tsx, the CLI), so that no SIGINT, SIGTERM or SIGHUP is lost while
// the harness starts:
// - before the command starts (the imports): the harness exits at once with the signal's code
//   (130, 143, 129), having run and written nothing;
// - once it has started and until a run watches the signals itself, the signal is recorded: the
//   run stops before its first step and writes its reports marked incomplete (a second signal exits
//   at once); a command that does not run (merge, replay) exits with the signal's code when done;
// - while a run watches them (watchSignals), they are its.
// The parent going away is taken as SIGTERM: `npx blend-harness` runs this file under `sh -c`, a
// child of npm, and npm forwards SIGINT and SIGTERM to that shell only, which dies of them and
// leaves the harness running with no one to read its exit code (SIGHUP it does not forward at
// all, and dies of it, leaving the shell behind). So the harness checks every PARENT_POLL_MS whether
// its parent changed (it was re-parented: the parent exited) or, under npm, npm exited, and then
// sends itself SIGTERM. (A SIGINT sent to npm alone cannot be seen: npm forwards it to `sh`, which
// defers it until the harness exits; Ctrl-C at a terminal signals the whole foreground process
// group, the harness included.) BLEND_HARNESS_IGNORE_PARENT=1 turns this off
// (for `nohup blend-harness … &` from a shell that then exits).
import { existsSync, readFileSync } from 'node:fs';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const PARENT_POLL_MS = 250;
// shared with src/interrupt.ts (earlySignals)
const state = (globalThis[Symbol.for('blend-harness.signals')] ??= { pending: undefined, watching: 0 });
let started = false;
let pendingAt = 0;
for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
  process.on(signal, () => {
    if (state.watching > 0) return;
    if (!started) {
      process.stderr.write(`blend-harness: interrupted by ${signal} while starting: nothing was run\n`);
      process.exit(code);
    }
    // signals that arrive together are one stop (src/interrupt.ts SECOND_SIGNAL_AFTER_MS)
    if (state.pending !== undefined) {
      if (performance.now() - pendingAt >= 1000) process.exit(code);
      return;
    }
    state.pending = signal;
    pendingAt = performance.now();
  });
}
if (process.env.BLEND_HARNESS_IGNORE_PARENT !== '1') {
  // the parent, and under npm (npx, npm exec, npm run) npm too: npm dies of SIGHUP and leaves its
  // `sh -c` (the harness's parent) running
  const watched = [process.ppid];
  if (process.env.npm_lifecycle_event !== undefined) {
    const grandparent = statOf(process.ppid)?.ppid;
    if (grandparent !== undefined && grandparent > 1) watched.push(grandparent);
  }
  const starts = watched.map((pid) => statOf(pid)?.start);
  // under npm the parent is npm's `sh -c` (or npm): re-parented to init already, it died before
  // this line ran
  const goneAtStart = process.env.npm_lifecycle_event !== undefined && process.ppid === 1;
  const poll = setInterval(() => {
    const gone =
      goneAtStart || process.ppid !== watched[0] || watched.some((pid, i) => starts[i] !== undefined && statOf(pid)?.start !== starts[i]);
    if (!gone) return;
    clearInterval(poll);
    // a stop already under way (the signal that also ended the parent) needs no second one
    if (state.pending !== undefined || state.received !== undefined) return;
    process.kill(process.pid, 'SIGTERM');
  }, PARENT_POLL_MS);
  poll.unref();
}

/** `ppid` and start time of a process from /proc/PID/stat (undefined: gone, or no /proc). */
function statOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return f[0] === 'Z' ? undefined : { ppid: Number(f[1]), start: f[19] };
  } catch {
    return undefined;
  }
}

// output piped into a reader that stops early (`| head`): end quietly, as other CLIs do
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
// dist/bin/ -> dist/src/cli/main.js; the sources: from bin/ ../src, from a checkout's dist/bin/ ../../src
const compiled = new URL('../src/cli/main.js', import.meta.url);
const inDist = existsSync(compiled);
const sources = new URL(inDist ? '../../src/cli/main.ts' : '../src/cli/main.ts', import.meta.url);
let main;
if (inDist && (process.env.BLEND_HARNESS_DIST === '1' || !existsSync(sources))) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
}
started = true;
const code = await main(process.argv.slice(2));
// a signal no run took (it came after the run, or the command does not run): its code
process.exitCode = state.pending !== undefined ? SIGNAL_EXIT[state.pending] : code;

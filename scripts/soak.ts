/**
 * `npm run soak -- [--actions N] [--protocol-actions N] [--workers N] [--profiles LIST]`: the
 * no-false-alarm soak, and its memory (issue 18 point 5).
 *
 * - On the model: the correct reference model runs at least `--actions` actions per profile
 *   (default 10,000,000; the first positional argument, as before) with every invariant checked
 *   after every step, in chunks of 10,000 runs of up to 200 steps with consecutive seeds from SEED
 *   (default 20261121; `--seed`), so any failure is replayable from its chunk's seed and path.
 * - Over the check protocol, when `--protocol-actions` (the second positional argument) is > 0:
 *   the model served by a child process (`check --impl model`'s subprocess path, the self-check) in
 *   lockstep until that many actions per profile, chunks of 2,000 runs of up to 200 steps, a fresh
 *   implementation per chunk; every state reply is compared with the model's canonical text byte
 *   for byte and every 64th step (and any that differs) is read, validated and compared in full.
 * - `--workers N` (default 1): each chunk on N workers, as `run --workers N` / `check --workers N`
 *   (src/workers/pool.ts, check-pool.ts: the main thread and N - 1 threads; over the protocol each
 *   worker starts its own model process). The same seeds give the same counts for any N.
 * - The model server is adapters/model/main.ts bundled into one JavaScript file at the start
 *   (`modelServer`) and run by plain node with SERVER_NODE_OPTIONS, not through tsx; the harness
 *   does not validate its own requests a second time (the server validates each one and refuses an
 *   invalid one: a fault), unless `--validate-requests`.
 * - `npm run soak` runs this process with `node --max-semi-space-size=1` (package.json): ~50 MB less
 *   for this process, ~10% more CPU on the model (docs/performance.md).
 * - CPU: per profile over the protocol, this process's CPU seconds and its exited children's
 *   (the model servers; /proc/self/stat), and per action.
 * - Memory: a sampler thread reads, every `--sample-ms` (default 500), the RSS (/proc/PID/status
 *   VmRSS) of this process (its worker threads live in it: threads share one RSS) and of every
 *   process descended from it (the model servers); it prints after every chunk the RSS now, the
 *   peaks (this process, the largest child, the sum of all), and this thread's V8 heap in use, so
 *   a growth with the number of actions shows as it happens; and the peaks at the end. `--max-rss-mb`
 *   (default 500): exit 1 when the peak of the sum exceeds it.
 *
 * Prints per profile the actions, runs, failures and actions per second; exits 1 on any failure
 * (with its seed, path and steps) or an RSS over the bound, 2 on bad arguments (before any work).
 * SOAK_PROFILES=documented,blend-v2 (or `--profiles`) limits the profiles. Each chunk prints a
 * progress line on stderr, so a stopped soak still tells how far it went.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runSuite, type RunResult } from '../src/run.ts';
import { runCheck } from '../src/check/check.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { packageFile } from '../src/package-root.ts';
import { runSuiteWorkers } from '../src/workers/pool.ts';
import { runCheckWorkers } from '../src/workers/check-pool.ts';
import { PROFILES, PROFILE_NAMES, type ProfileName } from '../spec/profiles.ts';

const CHUNK_RUNS = 10_000;
/** Over the protocol: read the state in full at every this-many-th step even when it is the model's text. */
const FULL_STATE_EVERY = 64;
/** Over the protocol: runs per chunk (one implementation per worker, one progress line). */
const SUBPROCESS_CHUNK_RUNS = 2_000;
const STEPS = 200;
const MB = 1024 * 1024;
/**
 * Node's options for each model server over the protocol (`--server-node-options`; '' for none):
 * V8's young generation capped at 2 MB a semi-space (the default grows to 16 MB). Measured
 * 2026-12-07 (docs/performance.md "Memory and the protocol soak's rate", session 14): a server's
 * peak RSS 105 MB -> 84-88 MB (1, 2 and 4 MB alike); its CPU within the noise of the A/B.
 */
export const SERVER_NODE_OPTIONS = '--max-semi-space-size=2';

/**
 * The reference model's server (adapters/model/main.ts) as one JavaScript file, bundled with esbuild
 * (tsx's own compiler) into a fresh directory under reports/tmp/ (so that its packages resolve from
 * node_modules), and the command that runs it with plain `node`: no tsx loader in the server. Built
 * from the sources at every soak (~0.3 s), so it is never stale; its packages (ajv, decimal.js)
 * stay imports (esbuild comes with tsx, a devDependency). A tsx child peaked at ~125-138 MB, this
 * one at ~105 MB with node's defaults. `remove()` deletes the directory (also done when this process exits).
 */
export function modelServer(nodeOptions: string): { command: string; remove(): void } {
  const tmp = packageFile('reports/tmp');
  mkdirSync(tmp, { recursive: true });
  const dir = mkdtempSync(join(tmp, 'soak-'));
  const file = join(dir, 'model-server.mjs');
  buildSync({
    entryPoints: [packageFile('adapters/model/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: file,
    logLevel: 'error',
  });
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return { command: `"${process.execPath}"${nodeOptions === '' ? '' : ` ${nodeOptions}`} "${file}"`, remove };
}

/** The sampler thread's figures, in bytes. */
export interface RssFigures {
  /** This process (its threads included) now, and its peak. */
  readonly mainNow: number;
  readonly mainPeak: number;
  /** The sum over this process and its descendants now, and the peak of that sum. */
  readonly sumNow: number;
  readonly sumPeak: number;
  /** The largest peak of one descendant process, and how many descendants were seen. */
  readonly childPeak: number;
  readonly childPeakCommand: string;
  readonly children: number;
  readonly samples: number;
}

/**
 * The sampler: plain JavaScript in a thread of its own (it samples while the main thread runs a
 * synchronous chunk). Each sample: VmRSS of ROOT and of every process whose parent chain leads to
 * ROOT (/proc/PID/stat's ppid).
 */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const root = workerData.root;
const rssOf = (pid) => {
  try {
    const m = /VmRSS:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
};
const cmdOf = (pid) => {
  try { return fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0').filter(Boolean).slice(0, 4).join(' ').slice(0, 120); } catch { return '?'; }
};
const f = { mainNow: 0, mainPeak: 0, sumNow: 0, sumPeak: 0, childPeak: 0, childPeakCommand: '', children: 0, samples: 0 };
const seen = new Set();
function descendants() {
  const parent = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(e)) continue;
    try {
      const s = fs.readFileSync('/proc/' + e + '/stat', 'utf8');
      parent.set(Number(e), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const out = [];
  for (const pid of parent.keys()) {
    let p = parent.get(pid);
    for (let i = 0; i < 64 && p !== undefined && p > 1; i++) {
      if (p === root) { out.push(pid); break; }
      p = parent.get(p);
    }
  }
  return out;
}
function sample() {
  const main = rssOf(root);
  let sum = main;
  for (const pid of descendants()) {
    const r = rssOf(pid);
    sum += r;
    seen.add(pid);
    if (r > f.childPeak) { f.childPeak = r; f.childPeakCommand = cmdOf(pid); }
  }
  f.mainNow = main; f.sumNow = sum; f.samples++;
  f.mainPeak = Math.max(f.mainPeak, main); f.sumPeak = Math.max(f.sumPeak, sum);
  f.children = seen.size;
}
sample();
const timer = setInterval(sample, workerData.ms);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); sample(); parentPort.postMessage(f); parentPort.close(); return; }
  sample();
  parentPort.postMessage(f);
});
`;

/** A sampler thread over this process and its descendants; `figures()` samples once more and answers. */
export function rssSampler(ms: number): { figures(): Promise<RssFigures>; stop(): Promise<RssFigures> } {
  const w = new Worker(SAMPLER, { eval: true, workerData: { root: process.pid, ms } });
  w.unref();
  // one question at a time: the main thread awaits each answer
  let pending: { resolve: (f: RssFigures) => void; reject: (e: unknown) => void } | undefined;
  w.on('message', (f: RssFigures) => pending?.resolve(f));
  w.on('error', (e) => pending?.reject(e));
  const ask = (m: string): Promise<RssFigures> =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
      w.postMessage(m);
    });
  return { figures: () => ask('sample'), stop: () => ask('stop') };
}

/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc/PID/stat's times. */
const CLK_TCK = 100;

/**
 * CPU seconds used so far (user and system): this process, all its threads, and its children that
 * have exited and been reaped (the model servers of the finished chunks; /proc/self/stat's cutime
 * and cstime, 0 where there is no /proc).
 */
export function cpuSeconds(): { self: number; children: number } {
  const u = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = (Number(f[13]) + Number(f[14])) / CLK_TCK;
  } catch {
    /* no /proc */
  }
  return { self: (u.user + u.system) / 1e6, children };
}

/** The CPU since `from`, and per action: `CPU 12.3 s (this process 7.1 s, its exited children 5.2 s), 0.450 ms an action`. */
function cpuLine(from: { self: number; children: number }, actions: number): string {
  const now = cpuSeconds();
  const self = now.self - from.self;
  const children = now.children - from.children;
  return `CPU ${(self + children).toFixed(1)} s (this process ${self.toFixed(1)} s, its exited children ${children.toFixed(1)} s), ${actions > 0 ? (((self + children) * 1000) / actions).toFixed(3) : '-'} ms an action`;
}

const mb = (b: number): string => `${Math.round(b / MB)} MB`;
const rssLine = (f: RssFigures): string =>
  `RSS now ${mb(f.mainNow)} (this process) / ${mb(f.sumNow)} (with its children); peaks: this process ${mb(f.mainPeak)}, one child ${mb(f.childPeak)}, the sum ${mb(f.sumPeak)}; heap in use ${mb(process.memoryUsage().heapUsed)}`;

function wholeNumber(what: string, min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`${what}: expected a whole number >= ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
}

interface SoakOptions {
  actions?: number;
  protocolActions?: number;
  workers: number;
  profiles?: string;
  seed: number;
  sampleMs: number;
  maxRssMb: number;
  chunkRuns?: number;
  serverNodeOptions: string;
  validateRequests?: boolean;
}

function parse(): { o: SoakOptions; profiles: ProfileName[]; target: number; subprocessTarget: number } {
  const program = new Command('soak')
    .argument('[actions]', 'actions per profile on the model (as --actions)', wholeNumber('ACTIONS', 0))
    .argument(
      '[protocol-actions]',
      'actions per profile over the check protocol (as --protocol-actions)',
      wholeNumber('SUBPROCESS_ACTIONS', 0),
    )
    .option('--actions <n>', 'actions per profile on the model (default 10,000,000; 0: none)', wholeNumber('--actions', 0))
    .option('--protocol-actions <n>', 'actions per profile over the check protocol (default 0: none)', wholeNumber('--protocol-actions', 0))
    .option('--workers <n>', 'workers per chunk (the main thread and N - 1 threads)', wholeNumber('--workers', 1), 1)
    .option('--profiles <list>', `a comma-separated subset of ${PROFILE_NAMES.join(',')} (or SOAK_PROFILES)`)
    .option(
      '--seed <n>',
      'the first chunk seed (or SEED; default 20261121)',
      wholeNumber('--seed', 0),
      Number(process.env.SEED ?? 20261121),
    )
    .option('--sample-ms <n>', 'RSS sampling period', wholeNumber('--sample-ms', 10), 500)
    .option(
      '--max-rss-mb <n>',
      'fail when the peak RSS of this process and its children together exceeds this',
      wholeNumber('--max-rss-mb', 1),
      500,
    )
    .option(
      '--chunk-runs <n>',
      `runs per chunk (default ${CHUNK_RUNS} on the model, ${SUBPROCESS_CHUNK_RUNS} over the protocol)`,
      wholeNumber('--chunk-runs', 1),
    )
    .option(
      '--server-node-options <flags>',
      'node options of each model server over the protocol (V8 flags, --cpu-prof)',
      SERVER_NODE_OPTIONS,
    )
    .option('--validate-requests', 'validate each request in the harness too before writing it (the model server validates every request)')
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  try {
    program.parse(process.argv);
  } catch (e) {
    if (e instanceof CommanderError && e.exitCode === 0) process.exit(0);
    console.error(`soak: ${e instanceof Error ? e.message.replace(/^error: /, '') : String(e)}`);
    process.exit(2);
  }
  const o = program.opts<SoakOptions>();
  const [posActions, posProtocol] = program.processedArgs as [number | undefined, number | undefined];
  const selected = (o.profiles ?? process.env.SOAK_PROFILES ?? PROFILE_NAMES.join(',')).split(',').map((x) => x.trim());
  for (const x of selected) {
    if (!(PROFILE_NAMES as readonly string[]).includes(x)) {
      console.error(`soak: profiles: expected some of ${PROFILE_NAMES.join(', ')}, got ${JSON.stringify(x)}`);
      process.exit(2);
    }
  }
  return {
    o,
    profiles: PROFILE_NAMES.filter((n: ProfileName) => selected.includes(n)),
    target: o.actions ?? posActions ?? 10_000_000,
    subprocessTarget: o.protocolActions ?? posProtocol ?? 0,
  };
}

async function main(): Promise<void> {
  const { o, profiles, target, subprocessTarget } = parse();
  const seed0 = o.seed;
  const workers = o.workers;
  let failures = 0;
  const sampler = rssSampler(o.sampleMs);
  const t00 = performance.now();

  if (target > 0)
    console.log(
      `soak: at least ${target.toLocaleString('en-US')} actions per profile on the model (chunks of ${o.chunkRuns ?? CHUNK_RUNS} runs of up to ${STEPS} steps, seeds from ${seed0}, ${workers} worker(s))`,
    );
  for (const name of target > 0 ? profiles : []) {
    let actions = 0;
    let runs = 0;
    let seed = seed0;
    const t0 = performance.now();
    while (actions < target) {
      const opts = { profile: PROFILES[name], runs: o.chunkRuns ?? CHUNK_RUNS, steps: STEPS, seed };
      const r: RunResult = workers > 1 ? await runSuiteWorkers({ ...opts, workers }) : runSuite(opts);
      actions += r.totalSteps;
      runs += r.runsCompleted ?? opts.runs;
      if (r.verdict !== 'pass') {
        failures++;
        const c = r.counterexample;
        console.log(
          `  ${r.verdict.toUpperCase()} ${name} seed ${seed} path ${c?.path}: ${c?.property ?? ''}: ${c?.message ?? r.fault?.message}`,
        );
        c?.steps.forEach((x, i) => console.log(`    ${i + 1}. ${x}`));
      }
      console.error(
        `  ${name} model: seed ${seed} done, ${actions.toLocaleString('en-US')} actions, ${failures} failures, ${((performance.now() - t0) / 1000).toFixed(0)} s; ${rssLine(await sampler.figures())}`,
      );
      seed++;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${name.padEnd(10)} model        ${actions.toLocaleString('en-US').padStart(12)} actions in ${runs.toLocaleString('en-US')} runs (seeds ${seed0}..${seed - 1}), ${s.toFixed(0)} s, ${Math.round(actions / s).toLocaleString('en-US')} actions/s; ${rssLine(await sampler.figures())}`,
    );
  }

  if (subprocessTarget > 0) {
    console.log(
      `\nsoak over the check protocol: at least ${subprocessTarget.toLocaleString('en-US')} actions per profile, the model served by a child process per worker, in lockstep (${workers} worker(s))`,
    );
    const server = modelServer(o.serverNodeOptions);
    console.log(`the model server: ${server.command}; this process: node ${process.execArgv.join(' ')}`);
    try {
      for (const name of profiles) {
        let actions = 0;
        let seed = seed0;
        const replies = { equal: 0, read: 0 };
        const t0 = performance.now();
        const cpu0 = cpuSeconds();
        while (actions < subprocessTarget) {
          const timeoutMs = 30_000;
          const impl = new SubprocessImplementation({ command: server.command, timeoutMs, validateRequests: o.validateRequests === true });
          try {
            const opts = {
              profile: PROFILES[name],
              runs: o.chunkRuns ?? SUBPROCESS_CHUNK_RUNS,
              steps: STEPS,
              seed,
              impl,
              fullStateEvery: FULL_STATE_EVERY,
            };
            const r =
              workers > 1
                ? await runCheckWorkers({
                    ...opts,
                    workers,
                    workerImpl: { kind: 'subprocess', command: server.command, timeoutMs, validateRequests: o.validateRequests === true },
                  })
                : await runCheck(opts);
            actions += r.totalSteps;
            replies.equal += r.stateReplies?.equal ?? 0;
            replies.read += r.stateReplies?.read ?? 0;
            if (r.verdict !== 'pass') {
              failures++;
              console.log(`  ${r.verdict.toUpperCase()} ${name} seed ${seed}: ${r.fault?.message ?? r.counterexample?.message}`);
            }
            console.error(
              `  ${name} subprocess: seed ${seed} done, ${actions.toLocaleString('en-US')} actions, ${failures} failures, ${((performance.now() - t0) / 1000).toFixed(0)} s; ${rssLine(await sampler.figures())}`,
            );
          } finally {
            await impl.close();
          }
          seed++;
        }
        const s = (performance.now() - t0) / 1000;
        console.log(
          `${name.padEnd(10)} subprocess   ${actions.toLocaleString('en-US').padStart(12)} actions (seeds ${seed0}..${seed - 1}; state replies: ${replies.read.toLocaleString('en-US')} read in full, ${replies.equal.toLocaleString('en-US')} the model's text byte for byte), ${s.toFixed(0)} s, ${Math.round(actions / s).toLocaleString('en-US')} actions/s; ${cpuLine(cpu0, actions)}; ${rssLine(await sampler.figures())}`,
        );
      }
    } finally {
      server.remove();
    }
  }
  const f = await sampler.stop();
  const over = f.sumPeak > o.maxRssMb * MB;
  console.log(
    `peak RSS: this process (its ${workers - 1} worker thread(s) included) ${mb(f.mainPeak)}; the largest child process ${mb(f.childPeak)}${f.children ? ` (${f.childPeakCommand})` : ''}, ${f.children} child process(es) seen; the sum ${mb(f.sumPeak)} (${f.samples} samples every ${o.sampleMs} ms, ${((performance.now() - t00) / 1000).toFixed(0)} s)${over ? `: OVER the bound of ${o.maxRssMb} MB` : `, under ${o.maxRssMb} MB`}`,
  );
  console.log(`${failures} failures`);
  process.exitCode = failures > 0 || over ? 1 : 0;
}

if (process.argv[1]?.endsWith('soak.ts')) await main();

/**
 * `npx tsx bench/startup.ts [--bin PATH] [--repeat N]`: the harness's start-up, in wall-clock
 * milliseconds from spawning `node PATH` (default bin/blend-harness.mjs, the sources through tsx;
 * dist/bin/blend-harness.mjs after `npm run build` is the compiled package) to:
 * - `run`: its first line on stdout, "running profile …", which `run` prints after parsing its
 *   flags, checking its inputs and outputs and loading the model, right before the first action
 *   (a run of 1 step then takes a few ms); and the process's exit (`--runs 1 --steps 1`,
 *   reports written to a temporary directory);
 * - `--help`: the process's exit (the help printed).
 * Prints the median and the max of N (default 7) spawns of each, after one unmeasured warm-up
 * spawn (the file system cache). Issue 18's figure: start-up to the first action at most 500 ms.
 * BLEND_HARNESS_DIST=1 is set so that a dist/ launcher inside a checkout runs dist/, not the sources.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { bin: { type: 'string', default: 'bin/blend-harness.mjs' }, repeat: { type: 'string', default: '7' } },
});
const bin = values.bin;
const repeat = Number(values.repeat);

interface Timing {
  readonly firstLineMs: number;
  readonly exitMs: number;
}

function time(args: readonly string[]): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstLineMs = Number.NaN;
    const child = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, CI: '1', BLEND_HARNESS_DIST: '1' },
    });
    child.stdout.on('data', () => {
      if (Number.isNaN(firstLineMs)) firstLineMs = performance.now() - t0;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const exitMs = performance.now() - t0;
      // run ends 4 (insufficient: one step exercises little), --help 0
      if (code !== 0 && code !== 4) reject(new Error(`${bin} ${args.join(' ')} exited ${code}`));
      else resolve({ firstLineMs, exitMs });
    });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const fmt = (xs: readonly number[]): string => `median ${Math.round(median(xs))} ms, max ${Math.round(Math.max(...xs))} ms`;

const dir = mkdtempSync(join(tmpdir(), 'blend-startup-'));
try {
  const runArgs = ['run', '--runs', '1', '--steps', '1', '--seed', '1', '--out', join(dir, 'out')];
  await time(runArgs);
  const runs: Timing[] = [];
  const helps: Timing[] = [];
  for (let i = 0; i < repeat; i++) {
    runs.push(await time(runArgs));
    helps.push(await time(['--help']));
  }
  console.log(`start-up of node ${bin} (${repeat} spawns each, node ${process.version})`);
  console.log(`run: to the first action ("running profile" line): ${fmt(runs.map((t) => t.firstLineMs))}`);
  console.log(`run --runs 1 --steps 1: to exit: ${fmt(runs.map((t) => t.exitMs))}`);
  console.log(`--help: to exit: ${fmt(helps.map((t) => t.exitMs))}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

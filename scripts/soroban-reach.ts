/**
 * Issue 17's "done when" against the real contracts: what a `check --impl soroban --profile
 * blend-v2` reached, read from its report.json: accepted backstop claims, accepted `add_reward`
 * calls, accepted `queue_swap_backstop` and `swap_backstop` calls (a queued and an executed backstop
 * swap), and pool gulps rejected by the 24 h rule (`pool.gulp_emissions` rejected with the
 * backstop's BadRequest, 1000: backstop `gulp_emissions` refuses a pool gulped within the last day;
 * the pool's own BadRequest, 1200, is the under-1-BLND refusal and is not counted).
 *
 *   npx tsx scripts/soroban-reach.ts                      # a bare check (60 s budget), then its counts
 *   npx tsx scripts/soroban-reach.ts -- --seed 7 --runs 60  # the same with these check flags added
 *   npx tsx scripts/soroban-reach.ts --report DIR/report.json  # the counts of a report already written
 *
 * Exit 0 when every count is above 0, 1 when one is 0 (2: bad usage). Needs CARGO_TARGET_DIR (or the
 * default target) for the driver, as `check --impl soroban` does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of report.json read here (src/report/write.ts). */
export interface ReachReport {
  readonly totalSteps: number;
  readonly runsCompleted: number;
  readonly durationMs: number;
  readonly actions: readonly { readonly name: string; readonly accepted: number; readonly rejected: number }[];
  readonly rejections: readonly { readonly key: string; readonly count: number }[];
}

/** The counts issue 17 asks of a default soroban check, by name. */
export const SOROBAN_REACH = [
  'backstop.claim accepted',
  'backstop.add_reward accepted',
  'emitter.queue_swap_backstop accepted (a swap queued)',
  'emitter.swap_backstop accepted (a swap executed)',
  'pool.gulp_emissions rejected by the 24 h rule (Backstop#1000)',
] as const;
export type SorobanReachKey = (typeof SOROBAN_REACH)[number];

/** Each count of `SOROBAN_REACH` in `r`. */
export function sorobanReach(r: ReachReport): Record<SorobanReachKey, number> {
  const accepted = (name: string): number => r.actions.find((a) => a.name === name)?.accepted ?? 0;
  const rejected = (prefix: string): number => r.rejections.filter((x) => x.key.startsWith(prefix)).reduce((n, x) => n + x.count, 0);
  return {
    'backstop.claim accepted': accepted('backstop.claim'),
    'backstop.add_reward accepted': accepted('backstop.add_reward'),
    'emitter.queue_swap_backstop accepted (a swap queued)': accepted('emitter.queue_swap_backstop'),
    'emitter.swap_backstop accepted (a swap executed)': accepted('emitter.swap_backstop'),
    'pool.gulp_emissions rejected by the 24 h rule (Backstop#1000)': rejected('pool.gulp_emissions -> Backstop#1000 '),
  };
}

function main(argv: string[]): number {
  let reportFile: string | undefined;
  let extra: string[] = [];
  const dd = argv.indexOf('--');
  const own = dd < 0 ? argv : argv.slice(0, dd);
  if (dd >= 0) extra = argv.slice(dd + 1);
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--report' && own[i + 1] !== undefined) reportFile = own[++i];
    else {
      process.stderr.write(`soroban-reach: unknown argument "${own[i]}" (usage: [--report FILE] [-- CHECK FLAGS])\n`);
      return 2;
    }
  }
  let tmp: string | undefined;
  try {
    if (reportFile === undefined) {
      tmp = mkdtempSync(join(tmpdir(), 'soroban-reach-'));
      const cli = fileURLToPath(new URL('../bin/blend-harness.mjs', import.meta.url));
      const args = ['check', '--impl', 'soroban', '--profile', 'blend-v2', ...extra, '--out', tmp, '--corpus', join(tmp, 'corpus')];
      process.stdout.write(`blend-harness ${args.join(' ')}\n`);
      const t0 = performance.now();
      const c = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
      process.stdout.write(`(exit ${c.status}, ${((performance.now() - t0) / 1000).toFixed(1)} s wall)\n`);
      reportFile = join(tmp, 'report.json');
    }
    const r = JSON.parse(readFileSync(reportFile, 'utf8')) as ReachReport;
    const counts = sorobanReach(r);
    process.stdout.write(
      `${r.totalSteps} actions in ${r.runsCompleted} runs, ${(r.durationMs / 1000).toFixed(1)} s (${Math.round(r.totalSteps / (r.durationMs / 1000))} actions/s)\n`,
    );
    const w = Math.max(...SOROBAN_REACH.map((k) => k.length));
    for (const k of SOROBAN_REACH) process.stdout.write(`  ${k.padEnd(w)}  ${counts[k]}\n`);
    return SOROBAN_REACH.every((k) => counts[k] > 0) ? 0 : 1;
  } finally {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));

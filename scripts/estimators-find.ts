/**
 * `node --import tsx scripts/estimators-find.ts [seeds]`: measures how long a bare
 * `blend-harness check --impl blend-sdk --profile blend-v2 --seed S` (the default budget: 60 s) takes
 * to find the SDK's decimals difference, for seeds 1..5 (or the seeds given, comma-separated): per
 * seed, its exit code, the time to the first failing sequence (report.json counterexample.found),
 * the shrinking, the shrunk length, the finding's kind and reserve decimals, and the wall time of
 * the whole command. docs/estimators.md quotes it. A measuring script, not a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/blend-harness.mjs', import.meta.url));
const seeds = (process.argv[2] ?? '1,2,3,4,5').split(',').map(Number);

for (const seed of seeds) {
  const dir = mkdtempSync(join(tmpdir(), 'blend-est-find-'));
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [BIN, 'check', '--impl', 'blend-sdk', '--profile', 'blend-v2', '--seed', String(seed), '--out', dir],
    {
      encoding: 'utf8',
      env: { ...process.env, BLEND_HARNESS_IGNORE_PARENT: '1' },
    },
  );
  const wall = (performance.now() - t0) / 1000;
  const rep = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
    totalSteps: number;
    counterexample?: { steps: string[]; found?: { run: number; actions: number; seconds: number }; shrink?: { seconds: number } };
    finding?: { kind: string; field: string; claim?: { decimals?: number; estimate: string; model: string; difference?: string } };
    estimates?: { compared: number };
  };
  const cx = rep.counterexample;
  const f = rep.finding;
  process.stdout.write(
    `seed ${seed}: exit ${r.status}, ${wall.toFixed(1)} s wall; ${
      cx?.found
        ? `first found after ${cx.found.seconds.toFixed(1)} s (run ${cx.found.run}, ${cx.found.actions} actions), shrunk in ${cx.shrink?.seconds.toFixed(1)} s to ${cx.steps.length} steps: ${f?.kind} ${f?.field}: contract ${f?.claim?.model}, SDK ${f?.claim?.estimate}, difference ${f?.claim?.difference} BLND`
        : 'nothing found'
    }; ${rep.estimates?.compared ?? 0} estimates compared\n`,
  );
  rmSync(dir, { recursive: true, force: true });
}

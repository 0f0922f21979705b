/**
 * `npx tsx bench/proctree.ts [N]`: CPU per `Descendants.refresh()` (src/check/proctree.ts, the
 * harness's periodic look for an implementation's descendants: the tree's own children lists) and
 * per `refreshAll()` (the walk of every process's /proc/PID/stat, which `endAll` runs), N times each
 * (default 200) on one `sleep` child. docs/performance.md quotes it.
 */
import { spawn } from 'node:child_process';
import { Descendants } from '../src/check/proctree.ts';

const N = Number(process.argv[2] ?? 200);
const child = spawn('sleep', ['30'], { stdio: 'ignore' });
try {
  const d = new Descendants(child.pid!, 'bench-proctree');
  for (const [name, f] of [
    ['refresh', () => d.refresh()],
    ['refreshAll', () => d.refreshAll()],
  ] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) f();
    const c = process.cpuUsage(c0);
    console.log(
      `${name}: ${((performance.now() - t0) / N).toFixed(3)} ms wall, ${((c.user + c.system) / 1000 / N).toFixed(3)} ms of CPU each (${N} times)`,
    );
  }
} finally {
  child.kill();
}

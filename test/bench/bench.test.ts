/**
 * `npm run bench -- --quick` (bench/bench.ts, issue 18 point 4): the table has every column and,
 * where a figure applies, a finite number in it. No timing assertion: the quick sizes say nothing
 * about speed. The lockstep part runs when the Soroban driver can be built (test/soroban/driver.ts);
 * elsewhere the test runs `--no-lockstep` and expects its cells to say so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BEGIN, COLUMNS, END, withBlock } from '../../bench/bench.ts';
import { RUN_DRIVER_TESTS } from '../soroban/driver.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = join(ROOT, 'bench/bench.ts');
const TSX_LOADER = import.meta.resolve('tsx');

/** `bench.ts ARGS` to its end (asynchronously: the test's timeout can still fire). */
function bench(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', TSX_LOADER, BENCH, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => {
      stdout += d;
    });
    c.stderr.on('data', (d) => {
      stderr += d;
    });
    c.on('error', reject);
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The markdown table's rows (header first) as cells. */
const tableOf = (text: string): string[][] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
    .map((l) =>
      l
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.trim()),
    );

/** A cell's number: "12,345", "1.05x", "3.20", "0.4-1.2" (a load range: both ends). */
const numbersOf = (cell: string): number[] => cell.split(/(?<=\d)-(?=\d)/).map((x) => Number(x.replace(/,/g, '').replace(/x$/, '')));

describe('npm run bench -- --quick', () => {
  it('prints one row per profile with every column, and a finite number wherever a figure applies', async () => {
    const args = ['--quick', '--profiles', 'documented,blend-v2', ...(RUN_DRIVER_TESTS ? [] : ['--no-lockstep'])];
    const r = await bench(args);
    expect(r.status, r.stderr).toBe(0);
    const [header, ...rows] = tableOf(r.stdout);
    expect(header).toEqual([...COLUMNS]);
    expect(rows.map((x) => x[0])).toEqual(['documented', 'blend-v2']);
    const col = (name: (typeof COLUMNS)[number]): number => COLUMNS.indexOf(name);
    const lockstepCols = new Set([
      col('lockstep actions/s (wall)'),
      col('raw host calls/s (wall)'),
      col('overhead (raw / lockstep)'),
      col('lockstep of'),
    ]);
    for (const row of rows) {
      expect(row).toHaveLength(COLUMNS.length);
      for (let i = 1; i < row.length; i++) {
        const lockstepNa = lockstepCols.has(i) && (row[0] === 'documented' || !RUN_DRIVER_TESTS);
        if (lockstepNa) continue;
        if (i === col('lockstep of')) continue;
        if (i === col('wrong variants found')) {
          const [found, total] = row[i]!.split('/').map(Number);
          expect(total, row[i]).toBeGreaterThan(0);
          expect(found, `${row[0]}: a deliberately wrong variant was not found: ${row[i]}`).toBe(total);
          continue;
        }
        for (const n of numbersOf(row[i]!)) expect(Number.isFinite(n) && n > 0 ? n : row[i], `${row[0]}: ${COLUMNS[i]}`).toBe(n);
      }
    }
    // documented has no contract build; the lockstep cells say why
    expect(rows[0]![col('lockstep actions/s (wall)')]).toMatch(/^n\/a: /);
    if (!RUN_DRIVER_TESTS) expect(rows[1]![col('lockstep actions/s (wall)')]).toBe('n/a: --no-lockstep');
    expect(r.stdout).toMatch(/machine at the end: \d+ cores .*node v\d+.*load average now/);
  }, 900_000);

  it('refuses --write with --quick (one line, exit 2, nothing measured or written)', () => {
    const r = spawnSync(process.execPath, ['--import', TSX_LOADER, BENCH, '--quick', '--write'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  }, 60_000);

  it('refuses an unknown profile and an unknown flag with exit 2', () => {
    for (const args of [['--profiles', 'blend-v3'], ['--fast']]) {
      const r = spawnSync(process.execPath, ['--import', TSX_LOADER, BENCH, ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^bench: /);
    }
  }, 60_000);
});

describe('the generated block of docs/performance.md', () => {
  it('replaces what is between the markers and keeps the rest', () => {
    const doc = `# t\n\nbefore\n${BEGIN}\nold\n${END}\nafter\n`;
    expect(withBlock(doc, 'new')).toBe(`# t\n\nbefore\n${BEGIN}\nnew\n${END}\nafter\n`);
  });
  it('throws when the markers are missing', () => {
    expect(() => withBlock('# no markers\n', 'new')).toThrow(/markers/);
  });
});

/**
 * `npm run mutation [-- OPTIONS]`: mutation testing of the reference model with StrykerJS
 * (stryker.config.mjs, tests of vitest.mutation.config.ts). Reports go to reports/mutation/
 * (clear text on stdout, index.html, mutation.json).
 *
 *   (no option)        the full run: every mutant of model/**\/*.ts is tested again, and the
 *                      committed baseline reports/mutation/stryker-incremental.json is rewritten
 *   --incremental      re-test only the mutants whose code or covering tests changed since the
 *                      baseline; the others keep their recorded result (the baseline is rewritten)
 *   --since REF        mutate only the model files changed since the git ref REF (committed,
 *                      staged, unstaged or new); mutants the baseline already knows keep their
 *                      result; the baseline is left as it is; nothing to mutate -> exit 0
 *   --concurrency N    test runner processes (default 2: the CI machines have 2 cores)
 *
 * Exit codes: Stryker's (0, or 1 when the score is under the break threshold of 90% or the run
 * failed); 2 for a bad option (one line on stderr).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BASELINE = 'reports/mutation/stryker-incremental.json';
const SINCE_INCREMENTAL = 'reports/mutation/since-incremental.json';

export type MutationArgs =
  | { readonly mode: 'full' | 'incremental'; readonly concurrency?: number }
  | { readonly mode: 'since'; readonly ref: string; readonly concurrency?: number };

export class UsageError extends Error {}

/** Parses the options; a bad one throws a UsageError whose message is the one line to print. */
export function parseMutationArgs(argv: readonly string[]): MutationArgs {
  let mode: 'full' | 'incremental' | 'since' = 'full';
  let ref: string | undefined;
  let concurrency: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a}: missing value`);
      return v;
    };
    if (a === '--incremental') {
      if (mode === 'since') throw new UsageError('--incremental: cannot be combined with --since');
      mode = 'incremental';
    } else if (a === '--since') {
      if (mode === 'incremental') throw new UsageError('--since: cannot be combined with --incremental');
      mode = 'since';
      ref = value();
    } else if (a === '--concurrency') {
      const v = value();
      if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--concurrency: expected a positive integer, got "${v}"`);
      concurrency = Number(v);
    } else {
      throw new UsageError(`${a}: unknown option (expected --incremental, --since REF or --concurrency N)`);
    }
  }
  if (mode === 'since') return { mode, ref: ref!, concurrency };
  return { mode, concurrency };
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new UsageError(`git ${args.join(' ')}: ${(r.stderr || 'failed').trim().split('\n')[0]}`);
  return r.stdout;
}

/** The model's TypeScript files changed since `ref`: committed, staged, unstaged or untracked. */
export function changedModelFiles(ref: string): string[] {
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new UsageError(`--since ${ref}: not a git commit`);
  const changed = git(['diff', '--name-only', '--diff-filter=d', ref, '--', 'model/']).split('\n');
  const added = git(['ls-files', '--others', '--exclude-standard', '--', 'model/']).split('\n');
  return [...new Set([...changed, ...added])].filter((f) => f.endsWith('.ts')).sort();
}

function main(argv: readonly string[]): number {
  let args: MutationArgs;
  let files: string[] | undefined;
  try {
    args = parseMutationArgs(argv);
    if (args.mode === 'since') {
      files = changedModelFiles(args.ref);
      if (files.length === 0) {
        console.log(`mutation: no model file changed since ${args.ref}: nothing to mutate`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`mutation: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const strykerArgs = ['run', 'stryker.config.mjs'];
  if (args.mode === 'full') strykerArgs.push('--force');
  if (args.concurrency !== undefined) strykerArgs.push('--concurrency', String(args.concurrency));
  if (files) {
    // the baseline stays as committed: this partial run writes its own copy
    mkdirSync(join(ROOT, 'reports/mutation'), { recursive: true });
    if (existsSync(join(ROOT, BASELINE))) copyFileSync(join(ROOT, BASELINE), join(ROOT, SINCE_INCREMENTAL));
    strykerArgs.push('--incrementalFile', SINCE_INCREMENTAL, '--mutate', files.join(','));
    console.log(`mutation: ${files.length} model file(s) changed since ${(args as { ref: string }).ref}: ${files.join(' ')}`);
  }
  const bin = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
  const r = spawnSync(process.execPath, [bin, ...strykerArgs], { cwd: ROOT, stdio: 'inherit' });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));

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
 * Then it prints the score over the non-equivalent mutants: the equivalent ones are those recorded
 * in docs/mutation.md's table (file, mutator, original and mutated code; a row stands for one
 * mutant, the nearest by line, so lines may drift as the file changes), and the diagnostic text of a rejection is never mutated (scripts/stryker-diagnostics.mjs).
 *
 * Exit codes: 0 when at least 90% of the non-equivalent mutants are killed (or time out), 1 under
 * that or when Stryker failed; 2 for a bad option (one line on stderr).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BASELINE = 'reports/mutation/stryker-incremental.json';
const SINCE_INCREMENTAL = 'reports/mutation/since-incremental.json';
export const JSON_REPORT = 'reports/mutation/mutation.json';
export const EQUIVALENTS_DOC = 'docs/mutation.md';
/** The least share of non-equivalent mutants killed (killed or timed out) for the run to pass. */
export const TARGET = 0.9;

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

/** A mutant recorded as equivalent in docs/mutation.md: `| file:line | mutator | original | mutated | why |`. */
export interface Equivalent {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly original: string;
  readonly replacement: string;
  readonly why: string;
}

/** A table cell's code: `x` or `` `x` `` (for code holding a backtick), with `\|` for a pipe. */
const code = (cell: string): string =>
  cell
    .trim()
    .replace(/^(`+) ?([\s\S]*?) ?\1$/, '$2')
    .replace(/\\\|/g, '|');

/** The equivalent mutants of docs/mutation.md: the table rows whose first cell is `model/...:LINE`. */
export function parseEquivalents(markdown: string): Equivalent[] {
  const out: Equivalent[] = [];
  for (const row of markdown.split('\n')) {
    if (!row.startsWith('| `model/')) continue;
    const cells = row.slice(1, row.trimEnd().endsWith('|') ? row.trimEnd().length - 1 : undefined).split(/(?<!\\)\|/);
    const [where, mutator, original, replacement, why] = cells;
    const m = /^(model\/[^:]+):(\d+)$/.exec(code(where ?? ''));
    if (!m || mutator === undefined || original === undefined || replacement === undefined) continue;
    out.push({
      file: m[1]!,
      line: Number(m[2]),
      mutator: mutator.trim(),
      original: code(original),
      replacement: code(replacement),
      why: (why ?? '').trim(),
    });
  }
  return out;
}

interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: {
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  };
}
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly ReportMutant[] }>>;
}

/** The source text a mutant replaces (lines and columns 1-based, end exclusive). */
function originalText(source: string, loc: ReportMutant['location']): string {
  const lines = source.split('\n');
  if (loc.start.line === loc.end.line) return lines[loc.start.line - 1]!.slice(loc.start.column - 1, loc.end.column - 1);
  const mid = lines.slice(loc.start.line, loc.end.line - 1);
  return [lines[loc.start.line - 1]!.slice(loc.start.column - 1), ...mid, lines[loc.end.line - 1]!.slice(0, loc.end.column - 1)].join('\n');
}

export interface Score {
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Survived or not covered, and recorded as equivalent. */
  readonly equivalent: number;
  /** Not tested: the diagnostic text of a rejection, or a Stryker disable comment. */
  readonly ignored: number;
  /** Compile or runtime errors: not counted. */
  readonly errors: number;
  /** (killed + timeout) / (killed + timeout + survived + noCoverage - equivalent). */
  readonly score: number;
  /** The undetected mutants not recorded as equivalent: `file:line mutator: original -> mutated`. */
  readonly open: readonly string[];
  /** Recorded equivalents that no surviving mutant matches any more (stale rows of the table). */
  readonly stale: readonly Equivalent[];
}

export function score(report: MutationReport, equivalents: readonly Equivalent[]): Score {
  let killed = 0,
    timeout = 0,
    survived = 0,
    noCoverage = 0,
    equivalent = 0,
    ignored = 0,
    errors = 0;
  const open: string[] = [];
  const used = new Set<Equivalent>();
  for (const [file, f] of Object.entries(report.files)) {
    for (const m of f.mutants) {
      switch (m.status) {
        case 'Killed':
          killed++;
          break;
        case 'Timeout':
          timeout++;
          break;
        case 'Ignored':
          ignored++;
          break;
        case 'Survived':
        case 'NoCoverage': {
          if (m.status === 'Survived') survived++;
          else noCoverage++;
          const original = originalText(f.source, m.location);
          // each row stands for one mutant: the unused row of the same code nearest by line
          let eq: Equivalent | undefined;
          for (const e of equivalents) {
            if (
              used.has(e) ||
              e.file !== file ||
              e.mutator !== m.mutatorName ||
              e.original !== original ||
              e.replacement !== (m.replacement ?? '')
            )
              continue;
            if (eq === undefined || Math.abs(e.line - m.location.start.line) < Math.abs(eq.line - m.location.start.line)) eq = e;
          }
          if (eq) {
            equivalent++;
            used.add(eq);
          } else {
            open.push(
              `${file}:${m.location.start.line} ${m.mutatorName}: ${original.split('\n')[0]} -> ${(m.replacement ?? '').split('\n')[0]}`,
            );
          }
          break;
        }
        default:
          errors++;
      }
    }
  }
  const files = new Set(Object.keys(report.files));
  const stale = equivalents.filter((e) => files.has(e.file) && !used.has(e));
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage - equivalent;
  return { killed, timeout, survived, noCoverage, equivalent, ignored, errors, score: valid === 0 ? 1 : detected / valid, open, stale };
}

export function scoreLines(s: Score): string[] {
  const lines = [
    `mutation: ${s.killed} killed, ${s.timeout} timed out, ${s.survived} survived, ${s.noCoverage} not covered, ` +
      `${s.equivalent} of those equivalent (docs/mutation.md), ${s.ignored} ignored (diagnostic text), ${s.errors} errors`,
    `mutation: ${(s.score * 100).toFixed(2)}% of the non-equivalent mutants killed (target ${TARGET * 100}%)`,
  ];
  for (const o of s.open) lines.push(`  undetected: ${o}`);
  for (const e of s.stale) lines.push(`  docs/mutation.md row matches no undetected mutant: ${e.file}:${e.line} ${e.mutator}`);
  return lines;
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
  const started = Date.now();
  const r = spawnSync(process.execPath, [bin, ...strykerArgs], { cwd: ROOT, stdio: 'inherit' });
  if (r.error) throw r.error;
  // Stryker's own break threshold counts equivalent mutants as survivors: it is off, this decides
  if (r.status !== 0 || !existsSync(join(ROOT, JSON_REPORT))) return r.status || 1;
  const report = JSON.parse(readFileSync(join(ROOT, JSON_REPORT), 'utf8')) as MutationReport;
  const equivalents = parseEquivalents(readFileSync(join(ROOT, EQUIVALENTS_DOC), 'utf8'));
  const s = score(report, equivalents);
  for (const line of scoreLines(s)) console.log(line);
  console.log(`mutation: ${Math.round((Date.now() - started) / 1000)} s`);
  return s.score >= TARGET ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));

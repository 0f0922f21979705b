/**
 * The reports of `blend-harness mutate`, written into its --out directory through temporary files
 * renamed into place (src/io/files.ts):
 *
 * - mutants.json: Stryker's mutation-testing-report-schema (npm mutation-testing-report-schema,
 *   schema version 2), which other mutation tools read. Each contract's WASM is one "file" whose
 *   `source` is a listing of its mutation sites, one line a site (`function +offset: instruction`);
 *   each mutant points at its site's instruction. Statuses: killed -> Killed (killedBy: the
 *   property or divergence), survived -> Survived, timed out -> Timeout, invalid -> CompileError,
 *   equivalent -> Ignored (statusReason: the reviewed reason), ignored (equivalent by construction)
 *   -> Ignored (statusReason: the rule and its proof), error -> RuntimeError, not run -> Pending.
 * - mutants.html: one self-contained page rendering mutants.json with the mutation-testing-elements
 *   web component (its JS inlined from the npm package, no network: a Content-Security-Policy forbids
 *   every fetch), as report.html inlines its chart library (src/report/html.ts).
 * - mutants.md: the kill table (mutant id, contract, function, operator, original -> new value,
 *   status, killer, seconds), the totals and the score: killed / (all - invalid - equivalent -
 *   ignored), and the proof of each mutant ignored as equivalent by construction.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { escapeHtml, scriptJson } from '../report/html.ts';
import { writeFilesAtomically } from '../io/files.ts';
import { TOOL_VERSION } from '../version.ts';
import type { MutantList, MutateContract } from './mutants.ts';
import type { MutantOutcome, MutantStatus } from './run.ts';

const require = createRequire(import.meta.url);

/** What the reports say about the run besides the mutants. */
export interface MutateRunInfo {
  readonly seed: number;
  /** Every check ran in the world with the whale (`--whale on`; spec/worlds.ts). */
  readonly whale?: boolean;
  /** Every check ran in the world with the second reserve configuration (`--second-reserve on`; spec/worlds.ts). */
  readonly secondReserve?: boolean;
  readonly budgetSeconds: number;
  readonly graceSeconds: number;
  readonly runs: number;
  readonly steps: number;
  readonly profile: string;
  readonly lists: readonly MutantList[];
  /** Mutants chosen by --only / --max-mutants (undefined: every mutant). */
  readonly selection?: string;
  /** The reviewed equivalences file. */
  readonly equivalentFile: string;
  /** The unmutated build's check at the same seed: how it ended. */
  readonly baseline: string;
  readonly seconds: number;
  /** The mutants checked at a time (`--workers`; 1 when not given), each with its own driver and budget. */
  readonly workers?: number;
  /** Why the reports are incomplete: the run still going (written after each mutant), or interrupted by a signal; the mutants not run are `not run`. */
  readonly incomplete?: string;
}

/** The totals of each status and the score (percent, undefined when no mutant counts). */
export interface MutateTotals {
  readonly all: number;
  readonly byStatus: Readonly<Record<MutantStatus, number>>;
  /** killed / (all - invalid - equivalent - ignored), in percent (the mutants not run, of an interrupted run, left out). */
  readonly score: number | undefined;
}

const STATUSES: readonly MutantStatus[] = ['killed', 'survived', 'timed out', 'invalid', 'equivalent', 'ignored', 'error', 'not run'];

/** The mutants the score leaves out: invalid, declared equivalent, equivalent by construction, not run. */
export function uncounted(t: Pick<MutateTotals, 'byStatus'>): number {
  return t.byStatus.invalid + t.byStatus.equivalent + t.byStatus.ignored + t.byStatus['not run'];
}

export function totals(outcomes: readonly MutantOutcome[]): MutateTotals {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<MutantStatus, number>;
  for (const o of outcomes) byStatus[o.status]++;
  // a mutant not run (an interrupted run) is not judged: left out, and the reports say incomplete
  const counted = outcomes.length - uncounted({ byStatus });
  return { all: outcomes.length, byStatus, score: counted > 0 ? (100 * byStatus.killed) / counted : undefined };
}

const STRYKER_STATUS: Readonly<Record<MutantStatus, string>> = {
  killed: 'Killed',
  survived: 'Survived',
  'timed out': 'Timeout',
  invalid: 'CompileError',
  equivalent: 'Ignored',
  ignored: 'Ignored',
  error: 'RuntimeError',
  'not run': 'Pending',
};

/** A site's line in its contract's listing. */
const siteLine = (o: MutantOutcome): string => `${o.mutant.function} +${o.mutant.offset}: ${o.mutant.original}`;

/** The key of a contract's "file" in mutants.json. */
const fileKey = (l: MutantList): string => `${l.contract}.wasm`;

/** mutants.json: Stryker's mutation-testing-report-schema, version 2. */
export function strykerReport(outcomes: readonly MutantOutcome[], info: MutateRunInfo): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  const tests = new Set<string>();
  for (const l of info.lists) {
    const mine = outcomes.filter((o) => o.contract === l.contract);
    // one line a site, in the driver's order
    const lines: string[] = [];
    const lineOf = new Map<string, number>();
    for (const o of mine) {
      const text = siteLine(o);
      if (!lineOf.has(text)) {
        lines.push(text);
        lineOf.set(text, lines.length);
      }
    }
    files[fileKey(l)] = {
      language: 'plaintext',
      source: `${lines.join('\n')}\n`,
      mutants: mine.map((o) => {
        const line = lineOf.get(siteLine(o))!;
        const column = siteLine(o).length - o.mutant.original.length + 1;
        if (o.killer !== undefined) tests.add(o.killer);
        return {
          id: o.mutant.id,
          mutatorName: o.mutant.operator,
          description: `${o.mutant.original} -> ${o.mutant.replacement}${o.mutant.constant ? ` (${o.mutant.constant})` : ''}`,
          replacement: o.mutant.replacement,
          location: { start: { line, column }, end: { line, column: column + o.mutant.original.length } },
          status: STRYKER_STATUS[o.status],
          ...(o.detail !== undefined ? { statusReason: o.replay !== undefined ? `${o.detail}\nreplay: ${o.replay}` : o.detail } : {}),
          ...(o.killer !== undefined ? { killedBy: [o.killer] } : {}),
          ...(o.status === 'killed' || o.status === 'survived' ? { testsCompleted: 1 } : {}),
          duration: Math.round(o.seconds * 1000),
          static: false,
        };
      }),
    };
  }
  return {
    schemaVersion: '2',
    thresholds: { high: 95, low: 80 },
    files,
    testFiles: { '': { tests: [...tests].sort().map((t) => ({ id: t, name: t })) } },
    framework: {
      name: 'blend-emissions-harness mutate',
      version: TOOL_VERSION,
      dependencies: { 'blend-contract-sdk': '2.25.0' },
    },
    config: {
      seed: info.seed,
      ...(info.whale === true ? { whale: true } : {}),
      ...(info.secondReserve === true ? { secondReserve: true } : {}),
      perMutantBudgetSeconds: info.budgetSeconds,
      hardLimitSeconds: info.budgetSeconds + info.graceSeconds,
      runs: info.runs,
      steps: info.steps,
      profile: info.profile,
      selection: info.selection ?? 'every mutant',
      equivalentFile: info.equivalentFile,
      baseline: info.baseline,
      contracts: info.lists.map((l) => ({ contract: l.contract, sha256: l.sha256, source: l.source, mutants: l.mutants.length })),
      ...(info.incomplete !== undefined ? { incomplete: info.incomplete } : {}),
    },
  };
}

/** The mutation-testing-elements component as shipped by its package (the IIFE build), and its version. */
export function elementsLibrary(): { version: string; js: string } {
  // the package exports ./dist/* (not its package.json): the file, then the package.json beside dist/
  const file = require.resolve('mutation-testing-elements/dist/mutation-test-elements.js');
  const pkg = JSON.parse(readFileSync(join(dirname(file), '..', 'package.json'), 'utf8')) as { version: string };
  return { version: pkg.version, js: readFileSync(file, 'utf8') };
}

/** Script text safe inside a <script> element. */
const scriptText = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/** mutants.html: the component and the report, inlined. */
export function mutantsHtml(report: Record<string, unknown>, t: MutateTotals): string {
  const lib = elementsLibrary();
  const score = t.score === undefined ? 'n/a' : `${t.score.toFixed(1)}%`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'">
<title>${escapeHtml(`Blend emissions harness mutate: score ${score}`)}</title>
<!-- mutation-testing-elements ${escapeHtml(lib.version)} (Apache-2.0), inlined -->
<script>${scriptText(lib.js)}</script>
</head>
<body>
<p data-testid="score">Score (killed / (all - invalid - equivalent - ignored)): ${escapeHtml(score)}; ${STATUSES.map((s) => `${escapeHtml(s)} ${t.byStatus[s]}`).join(', ')}. The kill table: mutants.md. The component below scores as Stryker does, which may differ: it counts a timeout as detected and leaves a runtime error (this harness's <em>error</em>) out; this harness counts neither as a kill.</p>
<mutation-test-report-app title-postfix="Blend emissions harness mutate"></mutation-test-report-app>
<script id="report" type="application/json">${scriptJson(report)}</script>
<script>
document.querySelector('mutation-test-report-app').report = JSON.parse(document.getElementById('report').textContent);
</script>
</body>
</html>
`;
}

const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** mutants.md: the kill table, the totals, the score and the survivors. */
export function mutantsMarkdown(outcomes: readonly MutantOutcome[], info: MutateRunInfo, t: MutateTotals): string {
  const score = t.score === undefined ? 'n/a (no mutant counts)' : `${t.score.toFixed(1)}%`;
  const counted = t.all - uncounted(t);
  const out = [
    `# Mutation score: ${score}${info.incomplete !== undefined ? ' (INCOMPLETE)' : ''}`,
    '',
    `Score = killed / (all - invalid - equivalent - ignored${t.byStatus['not run'] > 0 ? ' - not run' : ''}) = ${t.byStatus.killed} / ${counted}. ${STATUSES.map((s) => `${s}: ${t.byStatus[s]}`).join(', ')}; all: ${t.all}.`,
    '',
    ...(info.incomplete !== undefined ? [`**Incomplete** (${info.incomplete}): the mutants not run are listed as \`not run\`.`, ''] : []),
    `Each mutant was checked in lockstep with the reference model (profile ${info.profile}, seed ${info.seed}${info.whale === true ? ', the world with the whale (--whale on)' : ''}${info.secondReserve === true ? ', the second reserve configuration (--second-reserve on)' : ''}, up to ${info.runs} runs of up to ${info.steps} steps, a ${info.budgetSeconds} s budget and a hard limit of ${info.budgetSeconds + info.graceSeconds} s, no shrinking), ${(info.workers ?? 1) > 1 ? `${info.workers} at a time, each with its own driver and budget` : 'one after the other'}. The unmutated build at the same seed: ${info.baseline}. Mutants: ${info.selection ?? 'every mutant'}. Equivalences: ${info.equivalentFile}. Total time ${info.seconds.toFixed(0)} s.`,
    '',
    '| contract | WASM | source | mutants |',
    '|---|---|---|---|',
    ...info.lists.map(
      (l) =>
        `| ${l.contract} | sha256 ${l.sha256.slice(0, 12)} | ${md(l.source)} | ${l.mutants.length} in ${l.reachable_functions} of ${l.defined_functions} functions |`,
    ),
    '',
    '## Kill table',
    '',
    '| mutant | contract | function | operator | original -> new | status | killer | seconds |',
    '|---|---|---|---|---|---|---|---|',
    ...outcomes.map(
      (o) =>
        `| \`${md(o.mutant.id)}\` | ${o.contract} | \`${md(o.mutant.function)}\` | ${md(o.mutant.operator)} | \`${md(o.mutant.original)}\` -> \`${md(o.mutant.replacement)}\`${o.mutant.constant ? ` (${md(o.mutant.constant)})` : ''} | ${o.status} | ${o.killer !== undefined ? md(o.killer) : ''} | ${o.seconds.toFixed(1)} |`,
    ),
  ];
  const notKilled = outcomes.filter((o) => o.status !== 'killed' && o.status !== 'invalid' && o.status !== 'ignored');
  if (notKilled.length > 0) {
    out.push('', '## Not killed', '');
    for (const o of notKilled) out.push(`- \`${md(o.mutant.id)}\` ${o.status}: ${md(o.detail ?? '')}`);
  }
  const ignored = outcomes.filter((o) => o.status === 'ignored');
  if (ignored.length > 0) {
    out.push(
      '',
      '## Ignored: equivalent by construction',
      '',
      'Proven from the instruction sequence by the driver (adapters/soroban/src/equivalence.rs; the rules and their proofs: docs/mutation.md "The contracts\' WASM: mutants equivalent by construction"). Not run; left out of the score.',
      '',
    );
    for (const o of ignored)
      out.push(`- \`${md(o.mutant.id)}\` (\`${md(o.mutant.original)}\` -> \`${md(o.mutant.replacement)}\`): ${md(o.detail ?? '')}`);
  }
  const killed = outcomes.filter((o) => o.status === 'killed');
  if (killed.length > 0) {
    out.push('', '## Kills', '');
    for (const o of killed)
      out.push(`- \`${md(o.mutant.id)}\` by ${md(o.killer ?? '')}: ${md(o.detail ?? '')}${o.replay ? `. Replay: \`${o.replay}\`` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes mutants.json, mutants.html and mutants.md into `dir` (each through a temporary file). */
export function writeMutateReports(dir: string, outcomes: readonly MutantOutcome[], info: MutateRunInfo): MutateTotals {
  const t = totals(outcomes);
  const report = strykerReport(outcomes, info);
  writeFilesAtomically(dir, [
    ['mutants.json', `${JSON.stringify(report, null, 2)}\n`],
    ['mutants.html', mutantsHtml(report, t)],
    ['mutants.md', mutantsMarkdown(outcomes, info, t)],
  ]);
  return t;
}

/** The contracts of these lists, for a line. */
export const contractsOf = (lists: readonly MutantList[]): MutateContract[] => lists.map((l) => l.contract);

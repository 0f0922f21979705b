/**
 * The classification of a mutant's check (src/mutate/run.ts `classify`) and the reports of every
 * status (src/mutate/report.ts), without the driver: mutants.json validates against Stryker's
 * mutation-testing-report-schema (the npm package's own schema), and the score is
 * killed / (all - invalid - equivalent - ignored); an ignored mutant has its proof in its own section.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/check.ts';
import type { Mutant, MutantList } from '../../src/mutate/mutants.ts';
import { totals, writeMutateReports, type MutateRunInfo } from '../../src/mutate/report.ts';
import { classify, type CheckEnd, type MutantOutcome, type MutantStatus } from '../../src/mutate/run.ts';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('mutation-testing-report-schema/mutation-testing-report-schema.json'), 'utf8'));
const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);

const end = (over: Partial<CheckEnd>, result?: Partial<CheckResult>): CheckEnd => ({
  timedOut: false,
  interrupted: false,
  seconds: 1,
  ...(result ? { result: { verdict: 'pass', runsCompleted: 3, totalSteps: 30, ...result } as CheckResult } : {}),
  ...over,
});

describe('classify', () => {
  it.each<[string, CheckEnd, MutantStatus, string | undefined]>([
    [
      'a divergence',
      end({}, { verdict: 'fail', counterexample: { property: 'DIVERGENCE-REPLY', message: 'reply\ndiverges' } as never }),
      'killed',
      'DIVERGENCE-REPLY',
    ],
    [
      'a difference from the documents lost',
      end(
        {},
        {
          verdict: 'fail',
          documents: {
            differences: [{ id: 'D1', rule: 'R', status: 'as documented', documents: 'a', contracts: 'b', implementation: 'a' }],
          } as never,
        },
      ),
      'killed',
      'documents D1',
    ],
    [
      'an implementation fault',
      end({}, { verdict: 'fault', fault: { kind: 'crash', message: 'trap' } }),
      'killed',
      'implementation fault (crash)',
    ],
    // the driver answers the handshake before any contract code runs: not the mutant's doing
    ['a fault in the handshake', end({ handshakeFault: { kind: 'crash', message: 'exited with code 2 (handshake)' } }), 'error', undefined],
    ['a reply past --timeout-ms', end({}, { verdict: 'fault', fault: { kind: 'timeout', message: 'no reply' } }), 'timed out', undefined],
    ['past the hard limit', end({ timedOut: true }, { verdict: 'pass' }), 'timed out', undefined],
    ['a harness fault', end({}, { verdict: 'fault', fault: { kind: 'harness', message: 'TypeError' } }), 'error', undefined],
    ['a pass', end({}, { verdict: 'pass' }), 'survived', undefined],
    // not exercised is not survived: no case ran to its end within the budget
    ['a pass of no run', end({}, { verdict: 'pass', runsCompleted: 0 }), 'timed out', undefined],
    ['insufficient, no run', end({}, { verdict: 'insufficient', runsCompleted: 0 }), 'timed out', undefined],
    ['insufficient', end({}, { verdict: 'insufficient' }), 'survived', undefined],
    ['a failure with nothing to show', end({}, { verdict: 'fail' }), 'error', undefined],
    ['interrupted', end({ interrupted: true }, { verdict: 'pass' }), 'not run', undefined],
  ])('%s', (_name, e, status, killer) => {
    const c = classify(e);
    expect(c.status).toBe(status);
    expect(c.killer).toBe(killer);
  });

  it('a kill by a fault names the case it happened in (the runs completed before it), so that judgeMutant can replay it on the unmutated build', () => {
    expect(classify(end({}, { verdict: 'fault', runsCompleted: 8, fault: { kind: 'crash', message: 'trap', case: 7 } })).faultRun).toBe(7);
    expect(classify(end({}, { verdict: 'fault', runsCompleted: 1, fault: { kind: 'trap', message: 'trap', case: 0 } })).faultRun).toBe(0);
    // before any generated case (the documents' replay): no case to name
    expect(classify(end({}, { verdict: 'fault', runsCompleted: 0, fault: { kind: 'trap', message: 'trap' } })).faultRun).toBeUndefined();
    // a divergence has its counterexample's path instead
    expect(classify(end({}, { verdict: 'fail', counterexample: { property: 'P', message: 'm' } as never })).faultRun).toBeUndefined();
  });
});

const mutant = (n: number, over: Partial<Mutant> = {}): Mutant => ({
  id: `emitter-438a5528cff1:drop:${n}:gt->ge`,
  function: 'drop',
  function_index: 9,
  offset: n,
  file_offset: 1000 + n,
  operator: 'gt->ge',
  original: 'i64.gt_u',
  replacement: 'i64.ge_u',
  constant: null,
  ignored_reason: null,
  valid: true,
  invalid_reason: null,
  file: `/tmp/${n}.wasm`,
  ...over,
});

describe('the reports', () => {
  const statuses: MutantStatus[] = ['killed', 'killed', 'survived', 'timed out', 'invalid', 'equivalent', 'ignored', 'error', 'not run'];
  const outcomes: MutantOutcome[] = statuses.map((status, i) => ({
    contract: 'emitter',
    index: i,
    mutant: mutant(
      i,
      status === 'invalid'
        ? { valid: false, invalid_reason: 'type mismatch', file: null }
        : status === 'ignored'
          ? { ignored_reason: 'select-unequal-arm: the proof' }
          : {},
    ),
    status,
    ...(status === 'killed' ? { killer: 'DIVERGENCE-REPLY', replay: 'npx blend-harness check ...' } : {}),
    detail: `why ${status}`,
    seconds: i,
  }));
  const list: MutantList = {
    contract: 'emitter',
    sha256: '438a5528cff1'.padEnd(64, '0'),
    source: 'bundled (blend-contract-sdk 2.25.0)',
    entry_points: ['drop'],
    missing_entry_points: [],
    reachable_functions: 1,
    defined_functions: 2,
    mutants: outcomes.map((o) => o.mutant),
  };
  const info: MutateRunInfo = {
    seed: 1,
    budgetSeconds: 10,
    graceSeconds: 10,
    runs: 1400,
    steps: 200,
    profile: 'documented',
    lists: [list],
    equivalentFile: 'spec/mutants-equivalent.json',
    baseline: 'no divergence',
    seconds: 3,
  };

  it('score = killed / (all - invalid - equivalent - ignored - not run)', () => {
    const t = totals(outcomes);
    expect(t.byStatus).toEqual({ killed: 2, survived: 1, 'timed out': 1, invalid: 1, equivalent: 1, ignored: 1, error: 1, 'not run': 1 });
    expect(t.score).toBeCloseTo((100 * 2) / 5);
    expect(totals([]).score).toBeUndefined();
  });

  it('mutants.json follows the schema, with each status mapped; mutants.md has the kill table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutate-report-'));
    writeMutateReports(dir, outcomes, info);
    const report = JSON.parse(readFileSync(join(dir, 'mutants.json'), 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.files['emitter.wasm'].mutants.map((m: { status: string }) => m.status)).toEqual([
      'Killed',
      'Killed',
      'Survived',
      'Timeout',
      'CompileError',
      'Ignored',
      'Ignored',
      'RuntimeError',
      'Pending',
    ]);
    const md = readFileSync(join(dir, 'mutants.md'), 'utf8');
    expect(md).toMatch(/^# Mutation score: 40\.0%/);
    expect(md).toContain('= 2 / 5');
    expect(md.match(/^\| `emitter-/gm)).toHaveLength(9);
    // the ignored mutant: its own section with the proof, not among the survivors
    expect(md).toContain('## Ignored: equivalent by construction');
    expect(md).toContain('`emitter-438a5528cff1:drop:6:gt->ge` (`i64.gt_u` -> `i64.ge_u`): why ignored');
    expect(md.split('## Not killed')[1]!.split('## Ignored')[0]).not.toContain(':drop:6:');
    expect(report.files['emitter.wasm'].mutants[6].statusReason).toBe('why ignored');
    const html = readFileSync(join(dir, 'mutants.html'), 'utf8');
    expect(html).toContain('Score (killed / (all - invalid - equivalent - ignored)): 40.0%');
    // the component's own score counts a timeout as detected: the page says so beside ours
    expect(html).toContain('it counts a timeout as detected and leaves a runtime error');
  });
});

/**
 * Every rule reached, or said why not (issue 17): src/exercise.ts `ruleReach` gives each rule of
 * spec/rules.ts a status from the run's properties (checked / not reached / not applicable, or with
 * no property its lockstep-only reason or its gap), the default minimum-exercise rule asks for every
 * rule with an applicable property, and report.json, report.md and report.html show the table.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../spec/profiles.ts';
import { RULES } from '../../spec/rules.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { DEFAULT_EXERCISE_RULE, exerciseShortfalls, ruleReach } from '../../src/exercise.ts';
import type { PropertyRow } from '../../src/run.ts';
import { runSuite } from '../../src/run.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJson, renderMarkdown } from '../../src/report/write.ts';

const row = (id: string, rules: string[], checks: number, status: PropertyRow['status']): PropertyRow => ({
  id,
  claim: '',
  rules,
  checks,
  status,
});
const covered = RULES.find((r) => PROPERTIES.some((p) => p.rules.includes(r.id)))!;
const lockstep = RULES.find((r) => r.lockstepOnly !== undefined && !PROPERTIES.some((p) => p.rules.includes(r.id)));
const gap = RULES.find((r) => r.gap !== undefined && !PROPERTIES.some((p) => p.rules.includes(r.id)));

describe('ruleReach', () => {
  it('a rule is checked when an applicable property naming it was checked, not reached when none was', () => {
    const checked = ruleReach({
      profile: 'blend-v2',
      properties: [row('P1', [covered.id], 0, 'not exercised'), row('P2', [covered.id], 3, 'passed')],
    });
    expect(checked.find((r) => r.rule === covered.id)).toMatchObject({ status: 'checked', checks: 3 });
    const idle = ruleReach({ profile: 'blend-v2', properties: [row('P1', [covered.id], 0, 'not exercised')] });
    expect(idle.find((r) => r.rule === covered.id)).toMatchObject({
      status: 'not reached',
      checks: 0,
      properties: [{ id: 'P1', checks: 0 }],
    });
  });

  it('not applicable when its properties do not apply to the profile; lockstep only and gap with their reasons', () => {
    const r = ruleReach({ profile: 'blend-v1', properties: [row('P1', [covered.id], 0, 'not applicable')] });
    expect(r.find((x) => x.rule === covered.id)).toMatchObject({ status: 'not applicable' });
    if (lockstep)
      expect(r.find((x) => x.rule === lockstep.id)).toEqual({
        rule: lockstep.id,
        properties: [],
        checks: 0,
        status: 'lockstep only',
        reason: lockstep.lockstepOnly,
      });
    if (gap) expect(r.find((x) => x.rule === gap.id)).toEqual({ rule: gap.id, properties: [], checks: 0, status: 'gap', reason: gap.gap });
    expect(r).toHaveLength(RULES.length);
  });

  it('the default rule names a rule not reached (and its property), not a lockstep-only rule or a gap', () => {
    const result = { profile: 'blend-v2', actions: [], rejections: [], properties: [row('P1', [covered.id], 0, 'not exercised')] };
    const short = exerciseShortfalls(result, PROFILES['blend-v2'], { ...DEFAULT_EXERCISE_RULE, rejected: 0 });
    expect(short).toEqual([
      { kind: 'property', name: 'P1', got: 0, need: 1 },
      { kind: 'rule', name: covered.id, got: 0, need: 1 },
    ]);
  });
});

describe('the reports show each rule with its status', () => {
  const result = runSuite({ profile: PROFILES['blend-v1'], runs: 3, steps: 20, seed: 7 });
  const input = { result, replay: 'r', regressionTest: undefined };
  const reach = ruleReach(result);

  it('report.json: rules', () => {
    expect(JSON.parse(renderJson(input)).rules).toEqual(JSON.parse(JSON.stringify(reach)));
  });

  it('report.md: the Rules table', () => {
    const md = renderMarkdown(input);
    expect(md).toContain('## Rules');
    expect(md).toContain('| rule | properties (checks) | checks | status |');
    for (const r of reach)
      expect(md, r.rule).toMatch(
        new RegExp(
          `\\n\\| ${r.rule} \\| [^\\n]*\\| ${r.checks} \\| ${r.status === 'not applicable' ? 'not applicable to blend-v1' : r.status}`,
        ),
      );
  });

  it('report.html: a status cell on each rule coverage row', () => {
    const html = renderHtml(input);
    for (const r of reach) {
      const tr = new RegExp(`<tr data-testid="rule-row" id="rule-${r.rule}".*?</tr>`).exec(html)?.[0];
      expect(tr, r.rule).toContain(`data-col="reach" data-reach="${r.status}"`);
    }
    expect(html).toContain('data-testid="not-reached-count"');
  });
});

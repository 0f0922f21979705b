/** The reports show the spec rules (spec/rules.ts) beside each property: report.md, report.html and junit.xml. */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../spec/profiles.ts';
import { CATALOGUE_PATH, ruleAnchor } from '../../spec/rules.ts';
import { runSuite } from '../../src/run.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJunit, renderMarkdown } from '../../src/report/write.ts';

describe('rule IDs beside the properties', () => {
  const result = runSuite({ profile: PROFILES['blend-v2'], runs: 3, steps: 20, seed: 7 });
  const input = { result, replay: 'r', regressionTest: undefined };

  it('report.md: the properties table has a rules column', () => {
    const md = renderMarkdown(input);
    expect(md).toContain('| property | status | checks | rules | claim |');
    for (const p of result.properties) expect(md, p.id).toContain(`| ${p.id} | ${p.status} | ${p.checks} | ${p.rules.join(', ')} | `);
  });

  it('report.html: each rule ID of a property links to its rule coverage row, titled with its catalogue anchor', () => {
    const html = renderHtml(input);
    for (const p of result.properties) {
      const row = new RegExp(`<tr data-testid="property-row" data-property="${p.id}">.*?</tr>`).exec(html)?.[0];
      expect(row, p.id).toBeDefined();
      for (const id of p.rules) {
        expect(row, `${p.id} ${id}`).toContain(`<a href="#rule-${id}" title="${CATALOGUE_PATH}#${ruleAnchor(id)}">${id}</a>`);
        expect(html, id).toContain(`<tr data-testid="rule-row" id="rule-${id}" data-rule="${id}"`);
      }
    }
  });

  it('junit.xml: each property testcase names its rules', () => {
    const xml = renderJunit(input);
    for (const p of result.properties) {
      const at = xml.indexOf(`name="${p.id} `);
      expect(at, p.id).toBeGreaterThan(0);
      const tc = xml.slice(at, xml.indexOf('</testcase>', at));
      expect(tc, p.id).toContain(`<properties>\n        <property name="rules" value="${p.rules.join(', ')}"/>\n      </properties>`);
    }
  });
});

/**
 * The README's generated sections (profiles, invariants, rules, divergences), from the code, so the
 * catalogue cannot drift. `npm run docs` rewrites README.md and reports/documents-vs-contracts.md
 * (scripts/divergence-page.ts); test/readme.test.ts and test/divergence-page.test.ts fail when stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { toCall } from '../model/actions.ts';
import { PROPERTIES } from '../properties/index.ts';
import { formatError } from '../spec/errors.ts';
import { DIVERGENCES } from '../spec/divergences.ts';
import { PROFILES } from '../spec/profiles.ts';
import { RULES } from '../spec/rules.ts';
import { formatSource } from '../spec/sources.ts';
import { describeWorld, PAGE, PAGE_PATH, renderDivergencePage } from './divergence-page.ts';

const BEGIN = '<!-- generated:begin (npm run docs) -->';
const END = '<!-- generated:end -->';
const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function generatedSection(): string {
  const out: string[] = [BEGIN, '', '### Profiles', '', '| profile | what it follows |', '|---|---|'];
  for (const p of Object.values(PROFILES)) out.push(`| \`${p.name}\` | ${cell(p.summary)} |`);
  out.push('', '### Invariants', '', `${PROPERTIES.length} properties, checked after every step:`, '');
  for (const p of PROPERTIES) out.push(`- **${p.id}** ${p.claim} _(rules: ${p.rules.join(', ')})_`);
  out.push('', '### Rules (spec/rules.ts)', '', '| rule | statement | error | source |', '|---|---|---|---|');
  for (const r of RULES) out.push(`| ${r.id} | ${cell(r.statement)} | ${r.error ? formatError(r.error) : ''} | ${cell(formatSource(r.sources[0]!))} |`);
  out.push('', '### Where the documents and the contracts differ (spec/divergences.ts)', '', `Each with its witness and the document sentence it contradicts: [${PAGE_PATH}](${PAGE_PATH}).`, '');
  for (const d of DIVERGENCES) {
    out.push(`- **${d.id}** (${d.rule}):`);
    for (const r of d.readings) out.push(`  - ${r.says} (${formatSource(r.source)})`);
    const choice = PROFILES.documented.choice[d.id];
    if (choice) out.push(`  - the \`documented\` profile ${choice}`);
    const w = d.witness;
    if (w) {
      const answers = Object.entries(w.answers).map(([p, a]) => `\`${p}\` ${a}`).join(', ');
      const calls = w.actions.map((a) => `\`${toCall(a)}\``);
      const steps = calls.length <= 6 ? calls.join(', ') : `${calls.slice(0, 3).join(', ')}, … ${calls.at(-1)} (${calls.length} steps, in full in ${PAGE_PATH})`;
      out.push(`  - witness: ${steps} on ${describeWorld(w.world)}: ${answers} (${w.found})`);
    }
  }
  out.push('', END);
  return out.join('\n');
}

export function renderReadme(current: string): string {
  const a = current.indexOf(BEGIN);
  const b = current.indexOf(END);
  if (a < 0 || b < 0) throw new Error('README.md has no generated section markers');
  return current.slice(0, a) + generatedSection() + current.slice(b + END.length);
}

if (process.argv[1]?.endsWith('readme.ts')) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8')));
  writeFileSync(PAGE, renderDivergencePage());
  console.log(`README.md and ${PAGE_PATH} regenerated`);
}

/**
 * README.md's generated part, "What it covers": how many rules, properties and recorded
 * differences there are, and the profiles, from the code, so that the front door cannot drift.
 * The catalogue itself (each rule with its model function, properties and mutants) is
 * docs/catalogue.md, generated elsewhere; the README only links to it.
 *
 * `npm run docs` rewrites that part of README.md and reports/documents-vs-contracts.md
 * (scripts/divergence-page.ts); test/readme.test.ts and test/divergence-page.test.ts fail when
 * either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PROPERTIES } from '../properties/index.ts';
import { DIVERGENCES } from '../spec/divergences.ts';
import { PROFILES } from '../spec/profiles.ts';
import { RULES } from '../spec/rules.ts';
import { PAGE, PAGE_PATH, renderDivergencePage } from './divergence-page.ts';

const BEGIN = '<!-- generated:begin (npm run docs) -->';
const END = '<!-- generated:end -->';
/** The generated catalogue the README links to instead of holding it. */
export const CATALOGUE_PATH = 'docs/catalogue.md';
const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function generatedSection(): string {
  const profiles = Object.values(PROFILES);
  const out: string[] = [
    BEGIN,
    '',
    `${PROPERTIES.length} invariants (properties/), checked after every step, over ${RULES.length} rules (spec/rules.ts), ` +
      `under ${profiles.length} profiles (\`--profile\`); ${DIVERGENCES.length} recorded differences between the documents and the contracts (spec/divergences.ts).`,
    '',
    '| profile | what it follows |',
    '|---|---|',
  ];
  for (const p of profiles) out.push(`| \`${p.name}\` | ${cell(p.summary)} |`);
  out.push(
    '',
    `Each rule with the model function that implements it, the properties that check it and the mutants they catch: [${CATALOGUE_PATH}](${CATALOGUE_PATH}). ` +
      `Each difference between the documents and the contracts with its minimal witness: [${PAGE_PATH}](${PAGE_PATH}).`,
    '',
    END,
  );
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

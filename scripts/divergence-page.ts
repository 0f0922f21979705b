/**
 * reports/documents-vs-contracts.md: every way the deployed Blend v2 contracts differ from the
 * documents, each with its minimal witness sequence, the document sentence it contradicts and the
 * contracts' reading; then the recorded differences the v2 contracts do not show (the documents
 * contradicting each other, or v1 only). Generated from spec/divergences.ts: `npm run docs` (which
 * runs scripts/readme.ts, which writes this page too) or `npx tsx scripts/divergence-page.ts`;
 * test/divergence-page.test.ts fails when the page is stale.
 */
import { writeFileSync } from 'node:fs';
import { toCall } from '../model/actions.ts';
import type { WorldConfig } from '../src/world/create.ts';
import {
  CHECK_WORLD,
  DIVERGENCES,
  readingsOf,
  witnessedAgainst,
  type Divergence,
  type Reading,
  type Witness,
} from '../spec/divergences.ts';
import { PROFILES, type ProfileName } from '../spec/profiles.ts';
import { RULES } from '../spec/rules.ts';
import { COMMITS, formatSource } from '../spec/sources.ts';

export const PAGE = new URL('../reports/documents-vs-contracts.md', import.meta.url);
export const PAGE_PATH = 'reports/documents-vs-contracts.md';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The witness's world in words. */
export function describeWorld(w: WorldConfig): string {
  const same = (a: WorldConfig, b: WorldConfig): boolean =>
    a.users === b.users &&
    a.pools === b.pools &&
    a.start === b.start &&
    a.reserves === b.reserves &&
    a.lpPerUser === b.lpPerUser &&
    (a.rewardZoneGap ?? null) === (b.rewardZoneGap ?? null);
  if (same(w, CHECK_WORLD))
    return "the check's default world (10 users, 5 pools of 2 reserves, the current backstop's reward zone one short of full)";
  const gap = w.rewardZoneGap ?? null;
  const parts = [
    `${w.users} user${w.users === 1 ? '' : 's'}`,
    `${w.pools} pools${w.reserves !== undefined ? ` of ${w.reserves} reserves` : ''}`,
    gap === null ? 'reward zone empty (`reward_zone_gap: null`)' : `reward zone ${gap} short of full`,
  ];
  return `a world of ${parts.join(', ')}`;
}

/** The witness's steps, in Blend's call syntax. */
export const witnessSteps = (w: Witness): string[] => w.actions.map((a) => toCall(a));

/** A document reading: its quoted sentence when the spec quotes one, else what it says (the documents are silent there). */
function documentLine(r: Reading): string {
  return r.source.quote !== undefined
    ? `> ${r.source.quote}\n\n  — ${formatSource(r.source)}`
    : `${r.says} _(the spec quotes no sentence here)_ — ${formatSource(r.source)}`;
}

function contractLine(r: Reading): string {
  return `${r.says}${r.source.quote !== undefined ? `: \`${r.source.quote}\`` : ''} — ${formatSource(r.source)}`;
}

const ruleOf = (id: string): string => RULES.find((r) => r.id === id)?.statement ?? '';
const answers = (w: Witness): string =>
  (Object.entries(w.answers) as [ProfileName, string][]).map(([p, a]) => `\`${p}\` **${a}**`).join(', ');

function witnessBlock(w: Witness, out: string[]): void {
  const steps = witnessSteps(w);
  out.push(
    `**Witness** (${steps.length} step${steps.length === 1 ? '' : 's'}, on ${describeWorld(w.world)}): every step is accepted but the last, which answers ${answers(w)}.`,
    '',
  );
  out.push('```', ...steps.map((s, i) => `${i + 1}. ${s}`), '```', '');
  out.push(`Found: ${w.found}.`, '');
}

function section(d: Divergence, n: number, out: string[]): void {
  const { documents, contracts } = readingsOf(d);
  out.push(`### ${n}. ${d.id} (${d.rule})`, '', `Rule ${d.rule}: ${ruleOf(d.rule)}`, '');
  out.push('**The documents say:**', '');
  for (const r of documents) out.push(`- ${documentLine(r)}`);
  out.push('', '**The contracts:**', '');
  for (const r of contracts) out.push(`- ${contractLine(r)}`);
  out.push('');
  const choice = PROFILES.documented.choice[d.id];
  if (choice) out.push(`The \`documented\` profile ${choice}.`, '');
  if (d.witness) witnessBlock(d.witness, out);
  if (d.noWitness) out.push(`**No witness on the v2 contracts:** ${d.noWitness}.`, '');
}

export function renderDivergencePage(): string {
  const v2 = witnessedAgainst('blend-v2');
  const rest = DIVERGENCES.filter((d) => !v2.includes(d));
  const out: string[] = [
    '# Where the deployed Blend v2 contracts differ from the documents',
    '',
    '<!-- generated from spec/divergences.ts by scripts/divergence-page.ts (npm run docs); do not edit -->',
    '',
    `The documents are Blend's emission pages (\`../shared/seeds/\`) and docs-v2@${COMMITS['docs-v2']}; the contracts are blend-contracts-v2@${COMMITS['blend-contracts-v2']} as deployed (the WASM blend-contract-sdk 2.25.0 ships; the emitter is v1's, blend-contracts@${COMMITS['blend-contracts']}). Each difference below has a minimal witness: a sequence on a generated world whose last step the documents (profile \`documented\`) and the v2 contracts (profile \`blend-v2\`) answer differently. Each witness is demonstrated three ways:`,
    '',
    '- on the reference model, under each profile it names: `test/model/divergences.test.ts`;',
    '- on the real v2 contracts, through the Soroban driver, which answer as `blend-v2`: `test/soroban/witnesses.test.ts`;',
    '- by `npx blend-harness check --impl soroban --profile documented`, which replays every witness on the implementation checked and lists in its report (report.md, report.json `documents`) each difference it confirms, then checks the rest in lockstep under the profile the implementation claims.',
    '',
    `## ${v2.length} differences the v2 contracts show`,
    '',
    '| # | difference | rule | the documents | the v2 contracts | witness | `documented` answers | `blend-v2` answers |',
    '|---|---|---|---|---|---|---|---|',
  ];
  v2.forEach((d, i) => {
    const { documents, contracts } = readingsOf(d);
    const v2Reading = contracts.find((r) => r.source.kind === 'contract' && r.source.repo === 'blend-contracts-v2') ?? contracts[0];
    const w = d.witness!;
    out.push(
      `| ${i + 1} | [${d.id}](#${i + 1}-${d.id.toLowerCase()}-${d.rule.toLowerCase()}) | ${d.rule} | ${cell(documents[0]!.says)} | ${cell(v2Reading?.says ?? '')} | ${w.actions.length} step${w.actions.length === 1 ? '' : 's'} | ${cell(w.answers.documented!)} | ${cell(w.answers['blend-v2']!)} |`,
    );
  });
  out.push('');
  v2.forEach((d, i) => section(d, i + 1, out));
  out.push(`## ${rest.length} more recorded differences the v2 contracts do not show`, '');
  out.push(
    'The documents contradict each other (the `documented` profile takes the reading the v2 contracts follow), or only the v1 contracts differ.',
    '',
  );
  rest.forEach((d, i) => section(d, v2.length + i + 1, out));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

if (process.argv[1]?.endsWith('divergence-page.ts')) {
  writeFileSync(PAGE, renderDivergencePage());
  console.log(`${PAGE_PATH} regenerated`);
}

/**
 * docs/catalogue.md, generated from the code: each rule of spec/rules.ts as the hub of what checks
 * it (statement, sources, constants with units, error, the model function(s) with file:line, the
 * properties covering it, their wrong-variant tests, the report rows it appears in, or why no
 * property covers it), then each property. `npm run docs:catalogue` (and `npm run docs`) rewrites
 * it; test/catalogue.test.ts fails when it is stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ACTION_NAMES, toCall, type ActionName } from '../model/actions.ts';
import { PROPERTIES, type Property } from '../properties/index.ts';
import * as CONSTANTS from '../spec/constants.ts';
import type { Constant } from '../spec/constants.ts';
import { formatError } from '../spec/errors.ts';
import { ACTION_RULES, FIELD_RULES } from '../spec/fields.ts';
import { KNOWN_DEFECTS } from '../spec/known-defects.ts';
import { PROFILES } from '../spec/profiles.ts';
import { CATALOGUE_PATH, ruleAnchor, RULES, type Rule } from '../spec/rules.ts';
import { formatSource, type Source } from '../spec/sources.ts';
import { MUTANTS } from '../test/properties/mutants.ts';

const ROOT = new URL('../', import.meta.url);
export const CATALOGUE = fileURLToPath(new URL(CATALOGUE_PATH, ROOT));
/** Links from docs/ to a repository file. */
const up = (file: string, line?: number): string => `../${file}${line === undefined ? '' : `#L${line}`}`;

const texts = new Map<string, string[]>();
function linesOf(file: string): string[] {
  let l = texts.get(file);
  if (l === undefined) texts.set(file, (l = readFileSync(new URL(file, ROOT), 'utf8').split('\n')));
  return l;
}

/** The 1-based line of the first line of `file` matching `re`; throws where none does (a rename). */
function lineOf(file: string, re: RegExp, what: string): number {
  const i = linesOf(file).findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`catalogue: ${what} not found in ${file}`);
  return i + 1;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `model/<file>.ts#<name>` is exported: the file and the line of its export. */
export function modelLocation(ref: string): { file: string; name: string; line: number } {
  const [file, name] = ref.split('#') as [string, string];
  const line = lineOf(
    file,
    new RegExp(`^export (async )?(function\\*? ${escapeRe(name)}\\b|(const|let) ${escapeRe(name)}\\b)`),
    `export ${name}`,
  );
  return { file, name, line };
}

const PROPERTY_FILES = readdirSync(new URL('properties/', ROOT))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => `properties/${f}`);

/** Where a property is defined: the file and line of its `id:`. */
function propertyLocation(id: string): { file: string; line: number } {
  const re = new RegExp(`\\bid: '${escapeRe(id)}'`);
  for (const file of PROPERTY_FILES) {
    const i = linesOf(file).findIndex((l) => re.test(l));
    if (i >= 0) return { file, line: i + 1 };
  }
  throw new Error(`catalogue: property ${id} not found in properties/`);
}

const MUTANTS_FILE = 'test/properties/mutants.ts';
const mutantLine = (id: string): number => lineOf(MUTANTS_FILE, new RegExp(`\\bproperty: '${escapeRe(id)}'`), `the mutant of ${id}`);

const CONSTANT_BY_NAME = new Map<string, Constant>();
for (const v of Object.values(CONSTANTS)) {
  if (typeof v === 'object' && v !== null && 'name' in v && 'unit' in v && 'value' in v)
    CONSTANT_BY_NAME.set((v as Constant).name, v as Constant);
}

function constantText(name: string): string {
  const c = CONSTANT_BY_NAME.get(name);
  if (c === undefined) throw new Error(`catalogue: unknown constant ${name}`);
  return `\`${c.name}\` = ${c.value} ${c.unit}${c.note ? ` (${c.note})` : ''}`;
}

function sourceText(s: Source): string {
  const kind = s.kind === 'seed' ? 'seed' : s.kind === 'doc' ? 'doc page' : 'contract';
  return `${kind}: ${formatSource(s)}${s.quote ? `: “${s.quote}”` : ''}`;
}

const propertyAnchor = (id: string): string => id.toLowerCase();
const propertyLink = (id: string): string => `[${id}](#${propertyAnchor(id)})`;
const ruleLink = (id: string): string => `[${id}](#${ruleAnchor(id)})`;
const covering = (rule: string): Property[] => PROPERTIES.filter((p) => p.rules.includes(rule));
const actionsOf = (rule: string): ActionName[] => ACTION_NAMES.filter((a) => ACTION_RULES[a].includes(rule));

function profilesOf(p: Property): string {
  const all = Object.values(PROFILES);
  const on = all.filter((x) => p.profiles === undefined || p.profiles(x)).map((x) => `\`${x.name}\``);
  return on.length === all.length ? 'all' : on.join(', ');
}

/**
 * A rule's status under `profile`, as a default run reports it (src/exercise.ts ruleReach) before
 * the counts: `checked by` its properties that apply there (a default run must check them:
 * test/exercise/defaults.test.ts), not applicable (its properties do not apply), lockstep only or gap.
 */
function reachUnder(r: Rule, profile: (typeof PROFILES)[keyof typeof PROFILES]): string {
  const props = covering(r.id);
  const on = props.filter((p) => p.profiles === undefined || p.profiles(profile));
  if (on.length > 0) return `checked (${on.map((p) => p.id).join(', ')})`;
  if (props.length > 0) return 'not applicable';
  if (r.lockstepOnly !== undefined) return 'lockstep only';
  if (r.gap !== undefined) return 'gap';
  return 'NOT REACHED (no property, no declaration)';
}

/** The reach table: each rule under each profile. */
function reachTable(): string[] {
  const profiles = Object.values(PROFILES);
  const out = [
    '## Reach',
    '',
    "How each rule is reached under each profile: `checked` by the properties that name it and apply there (a default `run` must check each at least once, else it ends insufficient, exit 4: the default minimum-exercise rule of src/exercise.ts; test/exercise/defaults.test.ts runs a bare `run` of each profile and fails on a rule, property or rejection code at 0), `not applicable` (its properties do not apply to the profile), `lockstep only` (no property: `check` compares the implementation's replies and state with the model's; the reason is in the rule's section), or `gap` (no property yet: what one would need is in the rule's section). report.json `rules`, report.md's “Rules” table and report.html's “Rule coverage” table give the same status with the run's checks.",
    '',
    `| rule | ${profiles.map((p) => `\`${p.name}\``).join(' | ')} |`,
    `|---|${profiles.map(() => '---').join('|')}|`,
  ];
  for (const r of RULES) out.push(`| ${ruleLink(r.id)} | ${profiles.map((p) => reachUnder(r, p)).join(' | ')} |`);
  out.push('');
  return out;
}

function ruleSection(r: Rule): string[] {
  const out: string[] = [`### ${r.id}`, '', r.statement, ''];
  out.push('- **Sources:**');
  for (const s of r.sources) out.push(`  - ${sourceText(s)}`);
  out.push(`- **Constants:** ${r.constants.length === 0 ? 'none' : r.constants.map(constantText).join('; ')}`);
  out.push(`- **Error:** ${r.error ? `\`${formatError(r.error)}\`` : 'none (a breach raises no error of its own)'}`);
  out.push(
    `- **Model:** ${r.model
      .map((ref) => {
        const m = modelLocation(ref);
        return `[\`${m.name}\` ${m.file}:${m.line}](${up(m.file, m.line)})`;
      })
      .join(', ')}`,
  );
  const props = covering(r.id);
  const actions = actionsOf(r.id);
  const coverageRow = `report.html's “Rule coverage” row \`${r.id}\`${actions.length ? ` (actions ${actions.map((a) => `\`${a}\``).join(', ')})` : ''}`;
  const fields = FIELD_RULES.filter(([, ids]) => ids.includes(r.id)).map(([re]) => `\`${re.source}\``);
  const divergence =
    actions.length > 0 || fields.length > 0
      ? `in a \`check\` report, the “First divergence” row names it ${[actions.length > 0 ? 'after a call of its actions' : '', fields.length > 0 ? `where a state field matching ${fields.join(', ')} differs` : ''].filter((x) => x !== '').join(', and ')} (spec/fields.ts)`
      : 'no “First divergence” row names it (spec/fields.ts maps no action or state field to it)';
  out.push(
    `- **Reach:** ${Object.values(PROFILES)
      .map((p) => `\`${p.name}\` ${reachUnder(r, p)}`)
      .join('; ')}`,
  );
  if (props.length === 0) {
    out.push('- **Properties:** none');
    if (r.lockstepOnly !== undefined) out.push(`- **Checked by lockstep only:** ${r.lockstepOnly}`);
    if (r.gap !== undefined) out.push(`- **Gap:** ${r.gap}`);
    const marks =
      actions.length > 0
        ? 'marked “no property checks it” when its actions were called, “NEVER EXERCISED” when not'
        : 'marked “NEVER EXERCISED” (spec/fields.ts subjects no action to it)';
    out.push(`- **Report rows:** ${coverageRow}, ${marks}; ${divergence}.`);
  } else {
    out.push('- **Properties:**');
    for (const p of props) out.push(`  - ${propertyLink(p.id)}: ${p.claim}`);
    out.push('- **Wrong-variant tests** (test/properties/mutants.ts, run by test/properties/mutants.test.ts):');
    for (const p of props)
      for (const m of MUTANTS.filter((x) => x.property === p.id))
        out.push(`  - ${p.id} (\`${m.profile}\`, [${MUTANTS_FILE}:${mutantLine(p.id)}](${up(MUTANTS_FILE, mutantLine(p.id))})): ${m.bug}`);
    out.push(
      `- **Report rows:** the “Properties” rows of ${props.map((p) => p.id).join(', ')} in report.md and report.html (rules column), their junit.xml testcases (property \`rules\`), and ${coverageRow}; ${divergence}, as does a finding of one of those properties on the implementation.`,
    );
  }
  out.push('');
  return out;
}

function propertySection(p: Property): string[] {
  const loc = propertyLocation(p.id);
  const out: string[] = [`### ${p.id}`, '', p.claim, ''];
  out.push(`- **Rules:** ${p.rules.map(ruleLink).join(', ')}`);
  out.push(`- **Defined:** [${loc.file}:${loc.line}](${up(loc.file, loc.line)})`);
  out.push(`- **Profiles:** ${profilesOf(p)}`);
  out.push(
    `- **Checked on:** ${p.fns === undefined ? 'every step where its precondition holds' : p.fns.map((f) => `\`${f}\``).join(', ')}`,
  );
  if (p.knownDefects !== undefined)
    out.push(`- **Known defects it reports:** ${p.knownDefects.map((id) => `[${id}](#${id.toLowerCase()})`).join(', ')}`);
  const ms = MUTANTS.filter((m) => m.property === p.id);
  out.push(
    `- **Wrong variant:** ${ms.length === 0 ? 'none' : ms.map((m) => `${m.bug} (\`${m.profile}\`, [${MUTANTS_FILE}:${mutantLine(p.id)}](${up(MUTANTS_FILE, mutantLine(p.id))}))`).join('; ')}`,
  );
  out.push('');
  return out;
}

/** spec/known-defects.ts: each defect of a deployed version, the properties that report it and its witness. */
function knownDefectsSection(): string[] {
  const out: string[] = [
    '## Known defects',
    '',
    'Defects of a deployed version (spec/known-defects.ts) that its profile reproduces to the stroop. The properties named report them as “known defect” (not a failure) in exactly the condition stated; test/soroban/known-defects.test.ts replays each witness on the deployed bytecode of the mainnet snapshot and on the model.',
    '',
  ];
  for (const d of KNOWN_DEFECTS) {
    out.push(`### ${d.id}`, '', d.statement, '');
    out.push(`- **Profiles:** ${d.profiles.map((x) => `\`${x}\``).join(', ')}`);
    if (d.finding) out.push(`- **Finding:** [${d.finding.title}](${d.finding.url})`);
    out.push(`- **Source:** ${formatSource(d.source)}`);
    out.push(`- **Fixed in:** [${d.fixedIn.repo}@${d.fixedIn.commit}](${d.fixedIn.url}): ${d.fixedIn.how}`);
    out.push(`- **Reported by:** ${d.properties.map(propertyLink).join(', ')}; excused: ${d.condition}`);
    out.push(`- **Witness** (from ${d.witness.snapshot}):`, '', '```');
    d.witness.actions.forEach((a, i) => out.push(`${toCall(a, (x) => x)}  -> ${d.witness.replies[i] ?? 'null'}`));
    out.push('```', '');
    for (const e of d.witness.state)
      out.push(`  - after step ${e.after + 1}, \`${e.path.slice(-2).join('.')}\` = ${JSON.stringify(e.value)}: ${e.says}`);
    out.push('');
  }
  return out;
}

export function renderCatalogue(): string {
  const covered = RULES.filter((r) => covering(r.id).length > 0);
  const lockstep = RULES.filter((r) => covering(r.id).length === 0 && r.lockstepOnly !== undefined);
  const gaps = RULES.filter((r) => covering(r.id).length === 0 && r.gap !== undefined);
  const out: string[] = [
    '# Rule and property catalogue',
    '',
    '<!-- generated by scripts/catalogue.ts (npm run docs:catalogue); do not edit by hand -->',
    '',
    `${RULES.length} rules (spec/rules.ts) and ${PROPERTIES.length} properties (properties/). Each rule names the model function(s) that implement it, the properties that cover it and the deliberately wrong variant of the model each of those catches; a rule no property covers says why it is checked by lockstep only, or what a property would need (a gap).`,
    '',
    `- covered by properties: ${covered.length}`,
    `- checked by lockstep only: ${lockstep.length}${lockstep.length ? ` (${lockstep.map((r) => ruleLink(r.id)).join(', ')})` : ''}`,
    `- gaps: ${gaps.length}${gaps.length ? ` (${gaps.map((r) => ruleLink(r.id)).join(', ')})` : ''}`,
    '',
    ...reachTable(),
    '## Rules',
    '',
  ];
  for (const r of RULES) out.push(...ruleSection(r));
  out.push('## Properties', '');
  for (const p of PROPERTIES) out.push(...propertySection(p));
  out.push(...knownDefectsSection());
  return out.join('\n');
}

if (process.argv[1]?.endsWith('catalogue.ts')) {
  writeFileSync(CATALOGUE, renderCatalogue());
  console.log(`${CATALOGUE_PATH} regenerated`);
}

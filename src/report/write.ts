/**
 * report.json, report.md, junit.xml and report.html for a run. All four are rendered first and
 * then written through temporary files renamed into place, so a failure leaves no half-written report.
 */
import { writeFilesAtomically as writeFilesAtomicallyIo } from '../io/files.ts';
import { TOOL_VERSION } from '../version.ts';
import { toCall, type Action } from '../../model/actions.ts';
import type { RunResult } from '../run.ts';
import type { CheckResult } from '../check/check.ts';
import { renderHtml } from './html.ts';
import type { MergedRun } from './merge.ts';
import { traceOnModel, type TracePoint } from './trace.ts';
import { rawTitle, sevenDecimals, showField, showOutcome } from './units.ts';
import { renderDocumentsSection } from '../check/documents.ts';
import { estimatesLines } from '../check/estimator.ts';
import { baselineMarkdown, baselineProperties } from '../check/baseline.ts';
import { describeRuleStatus, ruleReach } from '../exercise.ts';
import { cutShort, cutShortText, firstSeenText, inProgressText, shrinkText } from './timing.ts';

import type { ReportInput } from './input.ts';
import { provenanceMarkdown, provenanceProperties } from './provenance.ts';

export type { ReportInput };

const isCheck = (r: RunResult | CheckResult): r is CheckResult => 'implementation' in r;
/** The shards a merged report was made from (`blend-harness merge`). */
const mergedOf = (r: RunResult | CheckResult): MergedRun['merged'] | undefined => ('merged' in r ? (r as MergedRun).merged : undefined);

/** JSON with bigints as decimal strings. */
export function toJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

export function renderJson(r: ReportInput): string {
  return `${toJson({
    tool: 'blend-emissions-harness',
    // the harness's version: merge takes only shards of one version
    version: TOOL_VERSION,
    profile: r.result.profile,
    seed: r.result.seed,
    runs: r.result.runs,
    steps: r.result.steps,
    world: r.result.world,
    verdict: r.result.verdict,
    // false when a signal stopped the run, or while it still runs: what follows is what ran until then
    complete: r.result.interrupted === undefined && r.result.inProgress === undefined,
    interrupted: r.result.interrupted,
    // a report written while the command still ran (--report-every): no final verdict, the final reports replace it
    inProgress: r.result.inProgress,
    runsCompleted: r.result.runsCompleted,
    shard: r.result.shard,
    // set when --time-budget ran out before every run started
    budget: r.result.budget,
    // with a counterexample: true when the time budget ended while it was being shrunk (it may not be minimal)
    shrinkingCutShort: r.result.counterexample ? cutShort(r.result.counterexample) : undefined,
    // the minimum-exercise rule (--run-profile, --min-exercise) and what fell short of it
    exercise: r.result.exercise,
    merged: mergedOf(r.result),
    totalSteps: r.result.totalSteps,
    durationMs: Math.round(r.result.durationMs),
    properties: r.result.properties,
    // known defects of the profile the run met (spec/known-defects.ts): reported, not failed
    knownDefects: r.result.knownDefects,
    actions: r.result.actions,
    rejections: r.result.rejections,
    // each spec rule: the properties that name it, their checks, and checked / lockstep only / gap / not reached / not applicable
    rules: ruleReach(r.result),
    counterexample: r.result.counterexample && { ...r.result.counterexample, replay: r.replay, corpusFile: r.corpusFile },
    snapshot: r.snapshot,
    ...(isCheck(r.result)
      ? {
          implementation: r.result.implementation,
          skippedActions: r.result.skippedActions,
          implChecks: r.result.implChecks,
          // state replies after steps: the model's canonical text byte for byte (taken unparsed), or read in full
          stateReplies: r.result.stateReplies,
          // k: the state read afresh and compared in full at every k-th step and at each sequence's end
          fullStateEvery: r.result.fullStateEvery,
          finding: r.result.finding,
          fault: r.result.fault,
          corpus: r.result.corpus,
          // --profile documented against an implementation of the contracts: the recorded differences, replayed on it
          documents: r.result.documents,
          // the claimable probes: what an estimator (or an implementation announcing claimable) was asked and compared (src/check/claimable.ts)
          estimates: r.result.estimates,
          // --baseline bundled: each divergence replayed on the bundled build, attributed (src/check/baseline.ts)
          baseline: r.result.baseline,
        }
      : {}),
  })}\n`;
}

const esc = (s: string): string => s.replace(/\|/g, '\\|');

/** The verdict as the reports show it: PASS, FAIL, FAULT or INSUFFICIENT (nothing failed, not everything was exercised: not a pass). */
export const verdictLabel = (v: RunResult['verdict']): string => v.toUpperCase();

/** The known defects the run met (spec/known-defects.ts): each with its source, fix and witness, and what saw it. */
function knownDefectsMarkdown(res: RunResult | CheckResult): string[] {
  const kds = res.knownDefects ?? [];
  if (kds.length === 0) return [];
  const out = [
    '',
    '## Known defects',
    '',
    `The deployed contracts of profile \`${res.profile}\` have these defects, which the profile reproduces: the properties that see them report \`known defect\` (not a failure) where the step is exactly the defect's condition.`,
  ];
  for (const d of kds) {
    out.push('', `### ${d.id}`, '', d.statement, '');
    if (d.finding) out.push(`- finding: [${d.finding.title}](${d.finding.url})`);
    out.push(
      `- source: ${d.source}`,
      `- fixed in: [${d.fixedIn.repo}@${d.fixedIn.commit}](${d.fixedIn.url}): ${d.fixedIn.how}`,
      `- excused: ${d.condition}`,
      `- witness (from ${d.witness.snapshot}; replayed on the deployed bytecode by test/soroban/known-defects.test.ts):`,
      '',
      '```',
      ...d.witness.steps,
      '```',
      '',
      '| property | steps | first seen (step) | message |',
      '|---|---|---|---|',
      ...d.seenBy.map((x) => `| ${x.property} | ${x.count} | ${x.step + 1} | ${esc(x.message)} |`),
    );
  }
  return out;
}

export function renderMarkdown(r: ReportInput): string {
  const res = r.result;
  const lines: string[] = [];
  lines.push(
    `# Blend emissions harness: ${verdictLabel(res.verdict)}${res.inProgress ? ' (IN PROGRESS)' : res.interrupted ? ' (INCOMPLETE)' : ''}`,
    '',
  );
  if (res.inProgress) lines.push(`**In progress, not a final verdict**: ${inProgressText(res)}.`, '');
  if (res.verdict === 'insufficient' && res.inProgress) {
    // (said above)
  } else if (res.verdict === 'insufficient' && res.interrupted)
    lines.push('**Insufficient, not a pass**: nothing failed, but the run was interrupted before it ran what it set out to (below).', '');
  else if (res.verdict === 'insufficient')
    lines.push(
      '**Insufficient, not a pass**: nothing failed, but what ran does not meet the minimum-exercise rule (below): a property checked 0 times was not exercised, and not exercised is not passed.',
      '',
    );
  if (res.fault && !isCheck(res)) lines.push(`## Fault: ${res.fault.kind}`, '', res.fault.message, '');
  if (res.interrupted)
    lines.push(
      `**Incomplete**: interrupted by ${res.interrupted.signal} after ${res.interrupted.runsCompleted} of ${res.runs} runs; the figures below cover what ran until then.`,
      '',
    );
  lines.push(
    `profile \`${res.profile}\`, seed ${res.seed}, ${res.runs} runs of up to ${res.steps} steps, ${res.totalSteps} steps in ${Math.round(res.durationMs)} ms`,
    '',
  );
  // the world's options (spec/worlds.ts): the whale (--whale on) changes every generated world
  if ('whale' in res.world && res.world.whale === true)
    lines.push(
      'World: with the whale (`--whale on`): one more LP holder of spec/genesis.json `whale_lp` (2^64 + 2 x 10^14 LP stroops); replay rebuilds it from the world recorded with the counterexample.',
      '',
    );
  if ('secondReserve' in res.world && res.world.secondReserve === true)
    lines.push(
      'World: with the second reserve configuration (`--second-reserve on`): reserve 1 of every generated pool at spec/genesis.json `second_reserve`, and one more reserve per pool, disabled; replay rebuilds it from the world recorded with the counterexample.',
      '',
    );
  if (res.exercise) {
    const short = res.exercise.shortfalls;
    const { accepted, rejected, checks } = res.exercise.rule;
    lines.push(
      `Minimum-exercise rule: each action accepted ${accepted}, each rejection path ${rejected}, each property checked ${checks} time(s)${checks > 0 ? ', each rule reached through its properties' : ''}: ${short.length === 0 ? 'met' : `**${short.length} short**`}.`,
      '',
    );
    if (short.length > 0)
      lines.push(
        '| kind | path, property or rule | exercised | required |',
        '|---|---|---|---|',
        ...short.map((x) => `| ${x.kind} | ${esc(x.name)} | ${x.got} | ${x.need} |`),
        '',
      );
  }
  if (res.budget) lines.push(`Time budget of ${res.budget.seconds} s reached: ${res.budget.runsCompleted} of ${res.runs} runs ran.`, '');
  if (cutShort(res.counterexample))
    lines.push(`${cutShortText(res.budget?.seconds).replace(/^shrinking cut short/, '**Shrinking cut short**')}.`, '');
  if (res.shard)
    lines.push(
      `Shard ${res.shard.index} of ${res.shard.count}: the ${res.runsCompleted ?? 0} cases whose index i has i mod ${res.shard.count} = ${res.shard.index - 1}.`,
      '',
    );
  const merged = mergedOf(res);
  if (merged) lines.push(`Merged from ${merged.count} shards: ${merged.files.map((f) => `\`${f}\``).join(', ')}.`, '');
  if (isCheck(res)) {
    const im = res.implementation;
    lines.push(
      im.estimator !== undefined
        ? `Implementation: **${im.name}** ${im.version}, an estimator (units \`${im.estimator.units}\`), claims profile \`${im.profile}\`: the model ran the steps under \`${res.profile}\`, the estimator was asked at chosen points (docs/estimators.md).`
        : `Implementation: **${im.name}** ${im.version}, claims profile \`${im.profile}\`; checked in lockstep against \`${res.profile}\`${res.documents ? ` (asked: \`${res.documents.profile}\`)` : ''}.`,
      '',
    );
    lines.push(...provenanceMarkdown(im.provenance));
    if (res.documents) lines.push(...renderDocumentsSection(res.documents));
    if (res.skippedActions.length > 0)
      lines.push(`Not generated (the implementation does not support them): ${res.skippedActions.map((a) => `\`${a}\``).join(', ')}.`, '');
    // (an estimator is sent no step, so no state is read)
    if (res.stateReplies !== undefined && im.estimator === undefined)
      lines.push(
        `State replies after steps: ${res.stateReplies.read} read and compared in full, ${res.stateReplies.equal} the model's canonical state text byte for byte (taken unparsed).`,
        ...(res.fullStateEvery
          ? [
              `Full state comparison (the state read afresh) every k = ${res.fullStateEvery} steps and at the end of each sequence; a state whose text is not the model's is compared in full at its step.`,
            ]
          : []),
        '',
      );
    if (res.estimates !== undefined)
      lines.push(...estimatesLines(res.estimates).map((l) => `${l.charAt(0).toUpperCase()}${l.slice(1)}.`), '');
    if (res.corpus.replayed > 0)
      lines.push(
        `Replayed ${res.corpus.replayed} corpus sequence(s) first${res.corpus.failedFile ? `; ${res.corpus.failedFile} failed` : ''}.`,
        '',
      );
    if (res.fault)
      lines.push(
        `## ${res.fault.kind === 'harness' ? 'Harness fault' : 'Implementation fault'}: ${res.fault.kind}`,
        '',
        res.fault.message,
        '',
      );
    const f = res.finding;
    if (f) {
      const what = 'field' in f ? f.field : f.kind === 'invariant' ? f.property : 'reply';
      const [m, i] = f.kind === 'invariant' ? ['holds', f.message] : [f.model, f.impl];
      // a state field's values in its unit (token amounts with 7 decimals), the stored integers in their own columns
      const unit = f.kind === 'state' ? showField(f.field, f.model).unit : 'raw';
      const shown = (v: string): string => (f.kind === 'state' ? showField(f.field, v).text : v);
      const numeric = f.kind === 'state' && /^-?\d+$/.test(f.model) && /^-?\d+$/.test(f.impl);
      const diff = numeric ? BigInt(f.impl) - BigInt(f.model) : undefined;
      const u = unit === 'raw' ? '' : ` (${unit === 's' ? 'seconds' : unit})`;
      const stored = numeric && unit !== 'raw' && unit !== 's';
      lines.push(
        '## First divergence',
        '',
        `| step | call | check | field or property | model${u} | implementation${u} | implementation − model${u} |${stored ? ' stored integers (model / implementation) |' : ''} rules |`,
        `|---|---|---|---|---|---|---|${stored ? '---|' : ''}---|`,
      );
      // a claim finding: estimate − model in BLND (src/check/claimable.ts)
      const claimDiff = 'claim' in f && f.claim.difference !== undefined ? `${f.claim.difference} BLND` : '';
      const d = diff === undefined ? claimDiff : `${diff > 0n ? '+' : ''}${shown(String(diff))}`;
      lines.push(
        `| ${f.step < 0 ? 'genesis' : f.step + 1} | \`${esc(f.call)}\` | ${f.kind} | ${esc(what)} | ${esc(shown(m))} | ${esc(shown(i))} | ${esc(d)} |${stored ? ` ${rawTitle(unit, f.model)} / ${rawTitle(unit, f.impl)} |` : ''} ${f.rules.join(', ')} |`,
        '',
      );
      const at = res.counterexample?.trace?.find((p) => p.step === f.step + 1);
      if (at?.impl?.source === 'read') lines.push(...divergentStepTable(at, res.profile), '');
    }
    // --baseline bundled: whose divergence it is (src/check/baseline.ts)
    if (res.baseline) lines.push(...baselineMarkdown(res.baseline));
  }
  if (res.counterexample) {
    const c = res.counterexample;
    lines.push(`## Counterexample: ${c.property}`, '', c.message, '');
    // time to first failure, and the shrinking
    const timing = [firstSeenText(c), shrinkText(c)].filter((x) => x !== undefined);
    const said = timing.join('; ');
    if (said !== '') lines.push(`${said.charAt(0).toUpperCase()}${said.slice(1)}.`, '');
    lines.push(cutShort(c) ? 'Steps (shrinking cut short, may not be minimal):' : 'Shrunk steps:', '', '```');
    c.steps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
    const [first, ...rest] = r.replay.split('\n').filter((l) => l.trim() !== '');
    lines.push(
      '```',
      '',
      isCheck(res) && r.corpusFile ? 'Replay the saved sequence against the implementation:' : 'Replay:',
      '',
      '```',
      first ?? '',
      '```',
      '',
    );
    if (rest.length > 0) lines.push('Or, regenerating the case from the seed and path:', '', '```', ...rest, '```', '');
    if (r.corpusFile) lines.push(`Saved to the regression corpus: \`${r.corpusFile}\``, '');
  }
  if (isCheck(res)) {
    const impl = new Map(res.implChecks.map((c) => [c.id, c.checks]));
    lines.push(
      '## Properties',
      '',
      '| property | status | checks on the model | checks on the implementation | rules | claim |',
      '|---|---|---|---|---|---|',
    );
    for (const p of res.properties)
      lines.push(`| ${p.id} | ${p.status} | ${p.checks} | ${impl.get(p.id) ?? 0} | ${p.rules.join(', ')} | ${esc(p.claim)} |`);
  } else {
    lines.push('## Properties', '', '| property | status | checks | rules | claim |', '|---|---|---|---|---|');
    for (const p of res.properties) lines.push(`| ${p.id} | ${p.status} | ${p.checks} | ${p.rules.join(', ')} | ${esc(p.claim)} |`);
  }
  lines.push(
    '',
    '## Rules',
    '',
    'Each rule of spec/rules.ts, reached through the properties that name it (checks in this run); a rule no property names is checked by lockstep only (why) or a declared gap.',
    '',
    '| rule | properties (checks) | checks | status |',
    '|---|---|---|---|',
  );
  for (const x of ruleReach(res))
    lines.push(
      `| ${x.rule} | ${x.properties.map((p) => `${p.id} (${p.checks})`).join(', ')} | ${x.checks} | ${esc(x.status === 'not applicable' ? `not applicable to ${res.profile}` : describeRuleStatus(x))} |`,
    );
  lines.push(...knownDefectsMarkdown(res));
  lines.push('', '## Actions', '', '| action | accepted | rejected |', '|---|---|---|');
  for (const a of res.actions) lines.push(`| ${a.name} | ${a.accepted} | ${a.rejected} |`);
  lines.push('', '## Rejections', '', '| action -> error | count |', '|---|---|');
  for (const x of res.rejections) lines.push(`| ${esc(x.key)} | ${x.count} |`);
  if (r.snapshot) {
    const s = r.snapshot;
    lines.push(
      '',
      `## Loaded state (ledger ${s.ledger}, timestamp ${s.timestamp})`,
      '',
      `emitter \`${s.emitter}\`, backstop \`${s.backstop}\`, ${s.users} users`,
      '',
    );
    lines.push('Amounts with their 7 decimals; times in seconds.', '');
    lines.push(
      '| reward-zone pool | tokens (LP) | non-queued tokens (LP) | shares | q4w (shares) | eps (BLND/s) | expiration (s) |',
      '|---|---|---|---|---|---|---|',
    );
    for (const p of s.rewardZone)
      lines.push(
        `| ${p.pool} | ${sevenDecimals(p.tokens)} | ${sevenDecimals(p.nonQueuedTokens)} | ${sevenDecimals(p.shares)} | ${sevenDecimals(p.q4w)} | ${sevenDecimals(p.eps)} | ${p.expiration} |`,
      );
    lines.push('', '| user | pool | claimable backstop emissions (BLND) | (stroops) |', '|---|---|---|---|');
    for (const c of s.claimable) lines.push(`| ${c.user} | ${c.pool} | ${sevenDecimals(c.stroops)} | ${c.stroops} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The figures of the divergent step, model beside implementation (a `check` trace point whose
 * implementation state was read): BLND with 7 decimals, reward zones in pools; then every state
 * field where the two differ, each in its unit.
 */
export function divergentStepTable(p: TracePoint, profile: string): string[] {
  const im = p.impl!;
  const out = [
    `At the divergent step (${p.step}), model and implementation (BLND with 7 decimals; reward zones in pools; ≠ where they differ):`,
    '',
    '| figure | model | implementation | |',
    '|---|---|---|---|',
  ];
  const row = (name: string, m: string, i: string | undefined): void => {
    out.push(`| ${esc(name)} | ${m} | ${i ?? '—'} | ${i !== undefined && i !== m ? '≠' : ''} |`);
  };
  row(
    'outcome',
    `\`${esc(showOutcome(p.call, p.outcome, profile).text)}\``,
    im.outcome === undefined ? undefined : `\`${esc(showOutcome(p.call, im.outcome, profile).text)}\``,
  );
  row('minted by distribute (BLND)', sevenDecimals(p.emitted), im.emitted === undefined ? undefined : sevenDecimals(im.emitted));
  for (const b of Object.keys(p.backfill))
    row(
      `backfill of ${b} (BLND)`,
      sevenDecimals(p.backfill[b]!),
      im.backfill?.[b] === undefined ? undefined : sevenDecimals(im.backfill[b]!),
    );
  for (const b of Object.keys(p.rewardZone))
    row(`reward zone of ${b} (pools)`, String(p.rewardZone[b]), im.rewardZone?.[b] === undefined ? undefined : String(im.rewardZone[b]));
  for (const u of Object.keys(p.accrued)) {
    const a = p.accrued[u]!;
    const b = im.accrued?.[u];
    row(
      `${u} accrued backstop / pool (BLND)`,
      `${sevenDecimals(a.backstop)} / ${sevenDecimals(a.pool)}`,
      b === undefined ? undefined : `${sevenDecimals(b.backstop)} / ${sevenDecimals(b.pool)}`,
    );
  }
  if (im.differs.length > 0) {
    out.push(
      '',
      "Where the implementation's state differs (each value in its unit):",
      '',
      '| field | model | implementation |',
      '|---|---|---|',
    );
    for (const c of im.differs) {
      const m = showField(c.path, c.before);
      const i = showField(c.path, c.after);
      const unit = m.unit === 'raw' ? '' : m.unit === 's' ? ' s' : ` ${m.unit}`;
      out.push(`| ${esc(c.path)} | ${esc(m.text)}${m.text === 'absent' ? '' : unit} | ${esc(i.text)}${i.text === 'absent' ? '' : unit} |`);
    }
    if (im.moreDiffers > 0) out.push(`| and ${im.moreDiffers} more | | |`);
  }
  return out;
}

/** Text escaped for an XML attribute or element. */
export const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderJunit(r: ReportInput): string {
  const res = r.result;
  const check = isCheck(res) ? res : undefined;
  // check: one more test case, the lockstep comparison of replies and states
  const lockstepFailed = check !== undefined && check.finding !== undefined && check.finding.kind !== 'invariant' ? 1 : 0;
  const errors = res.fault ? 1 : 0;
  // run: a fault (an error the harness does not understand, runs not completed) is one more test case, in error
  const runFault = check === undefined && res.fault !== undefined ? res.fault : undefined;
  // with a minimum-exercise rule: one more test case, failed when something fell short
  const exerciseFailed = res.exercise !== undefined && res.exercise.shortfalls.length > 0 ? 1 : 0;
  const tests = res.properties.length + (check ? 1 : 0) + (res.exercise ? 1 : 0) + (runFault ? 1 : 0);
  const failures = res.properties.filter((p) => p.status === 'failed').length + lockstepFailed + exerciseFailed;
  const skipped = res.properties.filter((p) => p.status === 'not exercised' || p.status === 'not applicable').length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="blend-emissions-harness" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(res.durationMs / 1000).toFixed(3)}">`,
  );
  const title = check
    ? `lockstep check of ${check.implementation.name} (${res.profile}, seed ${res.seed})`
    : `invariants (${res.profile}, seed ${res.seed})`;
  out.push(`  <testsuite name="${xml(title)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`);
  const suiteProps: [string, string | number | boolean][] = [];
  if (res.interrupted)
    suiteProps.push(['complete', 'false'], ['interrupted', res.interrupted.signal], ['runsCompleted', res.interrupted.runsCompleted]);
  else if (res.inProgress)
    suiteProps.push(['complete', 'false'], ['inProgress', res.inProgress.writtenAt], ['runsCompleted', res.runsCompleted ?? 0]);
  // time to first failure (run, actions, seconds from the start) and the shrinking (seconds, fast-check's shrinks, candidates)
  const cx = res.counterexample;
  if (cx?.found)
    suiteProps.push(
      ['firstFailureRun', cx.found.run],
      ['firstFailureActions', cx.found.actions],
      ['firstFailureSeconds', cx.found.seconds.toFixed(3)],
    );
  if (cx?.shrink)
    suiteProps.push(
      ['shrinkSeconds', cx.shrink.seconds.toFixed(3)],
      ['shrinkSteps', cx.shrink.steps],
      ['shrinkAttempts', cx.shrink.attempts],
      ['shrinkingCutShort', cx.shrink.cutShort],
    );
  // the code a check ran: each contract's SHA-256 and source (src/report/provenance.ts)
  if (check) suiteProps.push(...provenanceProperties(check.implementation.provenance));
  // --baseline bundled: each divergence's attribution and the baseline's code (src/check/baseline.ts)
  if (check?.baseline) suiteProps.push(...baselineProperties(check.baseline));
  if (suiteProps.length > 0)
    out.push(
      '    <properties>',
      ...suiteProps.map(([k, v]) => `      <property name="${k}" value="${xml(String(v))}"/>`),
      '    </properties>',
    );
  if (check) {
    out.push(`    <testcase classname="${xml(res.profile)}" name="lockstep: every reply and every state field agree with the model">`);
    if (check.fault) out.push(`      <error type="${xml(check.fault.kind)}" message="${xml(check.fault.message)}"/>`);
    else if (lockstepFailed && res.counterexample)
      out.push(
        `      <failure message="${xml(res.counterexample.message)}">${xml([...res.counterexample.steps, '', r.replay].join('\n'))}</failure>`,
      );
    out.push('    </testcase>');
  }
  if (runFault) {
    out.push(
      `    <testcase classname="${xml(res.profile)}" name="run: every run completed without an error the harness does not understand">`,
    );
    out.push(`      <error type="${xml(runFault.kind)}" message="${xml(runFault.message)}"/>`);
    out.push('    </testcase>');
  }
  if (res.exercise) {
    const { accepted, rejected, checks } = res.exercise.rule;
    out.push(
      `    <testcase classname="${xml(res.profile)}" name="minimum exercise: each action accepted ${accepted}, each rejection path ${rejected}, each property checked ${checks} time(s)">`,
    );
    if (exerciseFailed)
      out.push(
        `      <failure message="${res.exercise.shortfalls.length} below the minimum">${xml(res.exercise.shortfalls.map((x) => `${x.kind} ${x.name}: ${x.got} of ${x.need}`).join('\n'))}</failure>`,
      );
    out.push('    </testcase>');
  }
  for (const p of res.properties) {
    out.push(`    <testcase classname="${xml(res.profile)}" name="${xml(`${p.id} ${p.claim}`)}">`);
    // the spec rules (spec/rules.ts) the property covers
    out.push('      <properties>', `        <property name="rules" value="${xml(p.rules.join(', '))}"/>`, '      </properties>');
    if (p.status === 'failed' && res.counterexample) {
      out.push(
        `      <failure message="${xml(res.counterexample.message)}">${xml([...res.counterexample.steps, '', r.replay].join('\n'))}</failure>`,
      );
    } else if (p.status === 'not exercised') {
      out.push('      <skipped message="precondition never reached: not exercised"/>');
    } else if (p.status === 'not applicable') {
      out.push(`      <skipped message="not a rule of profile ${xml(res.profile)}"/>`);
    }
    out.push(`      <system-out>${p.checks} checks</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}

/** A vitest test that replays the counterexample's actions on the model. */
export function renderRegressionTest(res: RunResult): string | undefined {
  const c = res.counterexample;
  if (c === undefined) return undefined;
  const actions = c.actions.map((a: Action) => `    ${toJson(a).replace(/\n\s*/g, ' ')}, // ${toCall(a)}`).join('\n');
  return [
    "import { expect, it } from 'vitest';",
    "import { replayActions } from '../src/replay.ts';",
    '',
    `it('${c.property} regression (seed ${c.seed}, path ${c.path})', () => {`,
    `  const violation = replayActions('${res.profile}', ${toJson(res.world).replace(/\n\s*/g, ' ')}, [`,
    actions,
    '  ]);',
    '  expect(violation).toBeUndefined();',
    '});',
    '',
  ].join('\n');
}

/**
 * The counterexample with its per-step trace: a `run` result carries one (replayed with the run's
 * own implementation); for one without (`check`), the steps are replayed on the reference model.
 */
export function withTrace(r: ReportInput): ReportInput {
  const c = r.result.counterexample;
  if (c === undefined || c.trace !== undefined || c.actions.length === 0) return r;
  let trace;
  try {
    trace = traceOnModel(r.result.profile, r.result.world, c.actions);
  } catch {
    // e.g. the snapshot file is gone: the report says it holds no trace
    return r;
  }
  return { ...r, result: { ...r.result, counterexample: { ...c, trace } } };
}

/** Write the four reports into `dir` atomically (temporary names, then renames). */
export function writeReports(dir: string, input: ReportInput): void {
  const r = withTrace(input);
  const files: [string, string][] = [
    ['report.json', renderJson(r)],
    ['report.md', renderMarkdown(r)],
    ['junit.xml', renderJunit(r)],
    ['report.html', renderHtml(r)],
  ];
  writeFilesAtomically(dir, files);
}

/** Write [name, text] files into `dir`: all to temporary names first, then each renamed into place (src/io/files.ts). */
export const writeFilesAtomically = writeFilesAtomicallyIo;

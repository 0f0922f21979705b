/**
 * `blend-harness check --impl <command> --snapshot FILE [--scenario migration]`: checks on a ledger
 * snapshot world (src/world/snapshot.ts), which the model loads from FILE and the implementation
 * from the same file (the Soroban driver runs the snapshot's own v1 contracts).
 *
 * Without `--scenario`, the generated lockstep of `check` runs from the snapshot (profile
 * blend-v1; no corpus: a corpus entry records a generated world). With `--scenario migration`,
 * the fixed v1 to v2 migration (src/snapshot/migration.ts) runs once in lockstep: after every step
 * the reply and the whole observable state are compared, and each step the timeline relies on must
 * get the outcome it expects. The world then holds a v1 and a v2 backstop, each under its own
 * profile, so the invariant suites (which read one profile) are not run on it.
 */
import { writeFileAtomic } from '../io/files.ts';
import { join, resolve } from 'node:path';
import { toCall } from '../../model/actions.ts';
import { createWorld, type WorldConfig } from '../world/create.ts';
import { errorOf, formatError, type ErrorSpec } from '../../spec/errors.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { Harness, Stats } from '../harness/harness.ts';
import { SnapshotError } from '../world/snapshot/load.ts';
import { migrationSteps } from '../snapshot/migration.ts';
import { snapshotAt, snapshotConfig, V2_BACKSTOP, V2_POOL, type SnapshotWorldSpec } from '../world/snapshot.ts';
import { snapshotCode } from '../world/snapshot/code.ts';
import type { WasmProvenance } from '../protocol/messages.ts';
import { provenanceMarkdown, provenanceProperties, provenanceSource } from '../report/provenance.ts';
import { xml } from '../report/write.ts';
import { renderScenarioHtml } from '../report/scenario-html.ts';
import { ImplementationFault, type Implementation } from './implementation.ts';
import { Divergence, Lockstep } from './lockstep.ts';
import { SubprocessImplementation } from './subprocess.ts';
import { SCENARIOS, type ScenarioName, type ScenarioResult, type ScenarioStepResult } from './scenario-result.ts';

/** A bad `--snapshot` / `--scenario` combination (exit 2, one line; a SnapshotError so the CLI reports it). */
export class ScenarioUsageError extends SnapshotError {}

export interface SnapshotCheck {
  readonly spec: SnapshotWorldSpec;
  /** The world `check` starts every sequence from. */
  readonly world: WorldConfig;
  readonly scenario?: ScenarioName;
}

/**
 * The snapshot options of `check`, checked without reading the file (a bad combination: a
 * ScenarioUsageError, one line); false without `--snapshot`.
 */
export function snapshotFlagsChecked(snapshot: string | undefined, scenario: string | undefined, profile: string): boolean {
  if (snapshot === undefined) {
    if (scenario !== undefined)
      throw new ScenarioUsageError(`--scenario ${scenario}: needs --snapshot FILE (the scenario starts from a ledger snapshot)`);
    return false;
  }
  if (profile !== 'blend-v1')
    throw new ScenarioUsageError(`--snapshot: the snapshot holds Blend v1; use --profile blend-v1, got "${profile}"`);
  if (scenario !== undefined && !(SCENARIOS as readonly string[]).includes(scenario))
    throw new ScenarioUsageError(`--scenario: expected ${SCENARIOS.join(' or ')}, got "${scenario}"`);
  return true;
}

/**
 * The user's builds a snapshot check cannot run, as one line (the CLI's bad usage, exit 2), else
 * undefined. On a snapshot the driver runs (adapters/soroban/src/snapworld.rs): the migration's v2
 * backstop, pool factory and pool from the user's backstop, pool_factory and pool builds (only with
 * `--scenario migration`: without it no v2 contract is deployed); the emitter build replaces the code
 * of the snapshot's emitter in place (its address and storage kept, as an upgrade would); the Comet is
 * always the snapshot's own LP token.
 */
export function snapshotWasmRefusal(names: readonly string[], scenario: string | undefined): string | undefined {
  if (names.includes('comet'))
    return "--wasm comet: not with --snapshot (the snapshot's own Comet LP token runs; only backstop, pool, pool_factory and emitter builds run on a snapshot)";
  const v2 = names.filter((n) => n === 'backstop' || n === 'pool' || n === 'pool_factory');
  if (v2.length > 0 && scenario !== 'migration')
    return `--wasm ${v2[0]}: with --snapshot only with --scenario migration (without it no v2 ${v2[0]} is deployed; the snapshot's v1 contracts run; --wasm emitter replaces the snapshot emitter's code)`;
  return undefined;
}

/**
 * The provenance of a check on a snapshot, per contract: the snapshot's contracts with WASM
 * (address and on-ledger WASM hash, src/world/snapshot/code.ts), the emitter as the user's build
 * where the driver runs one (its code replaced in place: the snapshot's address, the hash it
 * replaces), and with the migration the v2 `backstop_v2`, `pool_factory_v2` and `pool_v2` as the
 * driver deploys them (bundled or the user's: `driver`, the handshake's provenance, named by
 * contract). Undefined when the implementation claims no provenance (it runs no contract code).
 */
export function snapshotProvenance(check: SnapshotCheck, driver: readonly WasmProvenance[] | undefined): WasmProvenance[] | undefined {
  if (driver === undefined) return undefined;
  const pools = [...snapshotAt(check.spec.snapshot).world.pools.keys()];
  const userEmitter = driver.find((p) => p.contract === 'emitter' && p.source === 'user');
  const out: WasmProvenance[] = snapshotCode(check.spec.snapshot, pools).map((c) =>
    c.contract === 'emitter' && userEmitter !== undefined
      ? { ...userEmitter, address: c.address, replaces: c.sha256 }
      : { contract: c.contract, sha256: c.sha256, source: 'snapshot', address: c.address },
  );
  if (check.spec.migration !== undefined)
    for (const [name, as] of [
      ['backstop', V2_BACKSTOP],
      ['pool_factory', 'pool_factory_v2'],
      ['pool', V2_POOL],
    ] as const) {
      const p = driver.find((x) => x.contract === name);
      if (p !== undefined) out.push({ ...p, contract: as });
    }
  return out;
}

/**
 * The snapshot options of `check`, checked and loaded (the model reads the file here: a bad file is
 * a SnapshotError, one line); undefined without `--snapshot`.
 */
export function snapshotCheckOf(snapshot: string | undefined, scenario: string | undefined, profile: string): SnapshotCheck | undefined {
  if (!snapshotFlagsChecked(snapshot, scenario, profile) || snapshot === undefined) return undefined;
  // an absolute path: the implementation runs in its own working directory
  const path = resolve(snapshot);
  const spec: SnapshotWorldSpec = scenario === 'migration' ? { snapshot: path, migration: { reserves: 1 } } : { snapshot: path };
  return { spec, world: snapshotConfig(spec), scenario: scenario as ScenarioName | undefined };
}

const show = (o: { ok: true; result: bigint | null } | { ok: false; error: { contract: string; code: number } }): string =>
  o.ok ? `ok(${o.result === null ? 'null' : o.result})` : `error ${formatError(errorOf(o.error.contract as never, o.error.code))}`;

/** Run a scenario in lockstep on `impl` (handshake, init, the steps); never throws a Divergence. */
export async function runScenario(
  impl: Implementation,
  check: SnapshotCheck,
  onStep?: (s: ScenarioStepResult) => void,
): Promise<ScenarioResult> {
  const t0 = performance.now();
  const profile = PROFILES['blend-v1'];
  const steps: ScenarioStepResult[] = [];
  const summary: ScenarioResult['summary'] = { backfilled: 0n, dropped: 0n, droppedToList: 0n, claims: [], movers: 0, durationMs: 0 };
  let dropped = false;
  const hs = await impl.handshake(profile.name);
  const provenance = snapshotProvenance(check, hs.provenance);
  const done = (verdict: ScenarioResult['verdict'], failure?: string): ScenarioResult => {
    summary.durationMs = performance.now() - t0;
    return {
      scenario: check.scenario ?? 'migration',
      snapshot: check.spec.snapshot,
      implementation: { name: hs.name, version: hs.version, profile: hs.profile },
      provenance,
      verdict,
      steps,
      failure,
      summary,
    };
  };
  try {
    await impl.init(profile.name, check.world);
    const world = createWorld(profile, check.world);
    const h = new Harness(world, [], new Stats());
    const ls = new Lockstep(h, impl, [], new Stats(), profile, await impl.state());
    const movers = new Set<string>();
    for (const st of migrationSteps(world)) {
      if (st.action.fn === 'backstop.queue_withdrawal') movers.add(st.action.from);
      const call = toCall(st.action, (a) => h.name(a));
      await ls.step(st.action);
      const out = h.last!.outcome;
      const reply = show(out.ok ? { ok: true, result: out.result } : { ok: false, error: out.error });
      const expected = st.expect === undefined ? undefined : st.expect === 'ok' ? 'ok' : `error ${formatError(st.expect as ErrorSpec)}`;
      const r: ScenarioStepResult = { index: steps.length, phase: st.phase, call, reply, expected };
      steps.push(r);
      onStep?.(r);
      if (
        expected !== undefined &&
        !(expected === 'ok' ? out.ok : !out.ok && `error ${formatError(errorOf(out.error.contract, out.error.code))}` === expected)
      ) {
        return done(
          'fail',
          `step ${r.index + 1} (${call}): the timeline expects ${expected}, the model and the implementation answered ${reply}`,
        );
      }
      if (!out.ok) continue;
      const a = st.action;
      if (a.fn === 'backstop.drop' && a.backstop === V2_BACKSTOP) {
        dropped = true;
        for (const e of out.events)
          if (e.topic === 'drop') {
            summary.dropped = e.total;
            summary.droppedToList = e.list.filter(([to]) => to !== V2_BACKSTOP).reduce((x, [, v]) => x + v, 0n);
          }
        summary.backfilled = world.backstops.get(V2_BACKSTOP)!.backfillEmissions;
      }
      // a v2 backstop claim returns LP tokens, a v1 backstop claim and a pool claim BLND
      if ((a.fn === 'backstop.claim' || a.fn === 'pool.claim') && out.result !== null && out.result > 0n) {
        summary.claims.push({
          call,
          amount: out.result,
          unit: a.fn === 'backstop.claim' && a.backstop === V2_BACKSTOP ? 'LP' : 'BLND',
          afterDrop: dropped,
        });
      }
    }
    summary.movers = movers.size;
    // the migration is checked only where it happened: a backfill, the drop, and a claim paid after it
    const missing = [
      summary.backfilled > 0n ? '' : 'no backfill accrued',
      dropped ? '' : 'the drop never happened',
      summary.claims.some((c) => c.afterDrop) ? '' : 'no claim was paid after the drop',
    ].filter((x) => x !== '');
    if (missing.length > 0)
      return done('insufficient', `every step agreed, but the timeline did not reach what it checks: ${missing.join('; ')}`);
    return done('pass');
  } catch (e) {
    if (e instanceof Divergence) return done('fail', e.message);
    if (e instanceof ImplementationFault) return done('fault', `${e.kind}: ${e.message}`);
    throw e;
  }
}

const BLND = 10_000_000n;
const fmt = (x: bigint): string => {
  const neg = x < 0n;
  const a = neg ? -x : x;
  const whole = (a / BLND).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (a % BLND).toString().padStart(7, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
};

/**
 * DIR/junit.xml of a scenario: one test case (the timeline in lockstep), a failure (a divergence, an
 * unmet expectation), an error (a fault) or a skip (insufficient: not a pass); the suite's properties
 * are the snapshot, the steps and the code run (`wasm.NAME.sha256`, `wasm.NAME.source`).
 */
export function renderScenarioJunit(r: ScenarioResult): string {
  const failures = r.verdict === 'fail' ? 1 : 0;
  const errors = r.verdict === 'fault' ? 1 : 0;
  const skipped = r.verdict === 'insufficient' ? 1 : 0;
  const props: [string, string][] = [
    ['snapshot', r.snapshot],
    ['implementation', `${r.implementation.name} ${r.implementation.version}`],
    ['steps', String(r.steps.length)],
    ...provenanceProperties(r.provenance),
  ];
  const name = `scenario ${r.scenario}: every reply and every state field agree with the model, every step gets the outcome the timeline expects`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="blend-emissions-harness" tests="1" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(r.summary.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xml(`scenario ${r.scenario} on ${r.snapshot}`)}" tests="1" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`),
    '    </properties>',
    `    <testcase classname="blend-v1" name="${xml(name)}">`,
    ...(r.verdict === 'fail' ? [`      <failure message="${xml(r.failure ?? '')}"/>`] : []),
    ...(r.verdict === 'fault' ? [`      <error message="${xml(r.failure ?? '')}"/>`] : []),
    ...(r.verdict === 'insufficient' ? [`      <skipped message="${xml(r.failure ?? '')}"/>`] : []),
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** DIR/scenario.json: the result, amounts as decimal strings of stroops (docs/scenario.schema.json). */
export function renderScenarioJson(r: ScenarioResult): string {
  return `${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

/** DIR/scenario.md: the verdict, the summary and the code run (a table per contract). */
export function renderScenarioMarkdown(r: ScenarioResult): string {
  const s = r.summary;
  return [
    `# Scenario ${r.scenario} on ${r.snapshot}`,
    '',
    `${r.implementation.name} ${r.implementation.version}: ${r.steps.length} steps in lockstep, ${Math.round(s.durationMs)} ms.`,
    '',
    `Verdict: **${r.verdict}**${r.failure !== undefined ? `: ${r.failure}` : ''}`,
    '',
    `Backfilled ${fmt(s.backfilled)} BLND; drop ${fmt(s.dropped)} BLND (${fmt(s.droppedToList)} to the drop list); ${s.claims.filter((c) => c.afterDrop).length} claims after the drop; ${s.movers} v1 depositors moved.`,
    '',
    ...provenanceMarkdown(r.provenance),
  ].join('\n');
}

/**
 * The CLI's `check --scenario`: runs it on `command`, prints the timeline, writes DIR/scenario.json
 * (docs/scenario.schema.json), scenario.md, scenario.html (src/report/scenario-html.ts) and
 * junit.xml, each with the code run per contract. Returns the exit code.
 */
export async function scenarioCommand(
  o: { command: string; timeoutMs: number; initTimeoutMs?: number; check: SnapshotCheck; out: string },
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  const impl = new SubprocessImplementation({
    command: o.command,
    timeoutMs: o.timeoutMs,
    initTimeoutMs: o.initTimeoutMs,
    exitOnSignal: true,
  });
  io.out(
    `scenario ${o.check.scenario} on ${o.check.spec.snapshot} (profile blend-v1, ${V2_BACKSTOP} and ${V2_POOL} deployed next to the snapshot's contracts)\n`,
  );
  let lastPhase = '';
  let result: ScenarioResult;
  try {
    result = await runScenario(impl, o.check, (s) => {
      if (s.phase !== lastPhase && s.phase !== 'weekly' && s.phase !== 'to the unlock' && s.phase !== 'the v1 lock ends') {
        lastPhase = s.phase;
        if (!s.phase.endsWith('weekly distribution')) io.out(`  ${s.phase}\n`);
      }
      if (s.expected !== undefined && s.expected !== 'ok') io.out(`    ${s.call} -> ${s.reply}\n`);
    });
  } catch (e) {
    await impl.close();
    if (!(e instanceof ImplementationFault)) throw e;
    io.err(`blend-harness: implementation fault (${e.kind}): ${e.message}\n`);
    return 3;
  }
  await impl.close();
  const s = result.summary;
  const file = join(o.out, 'scenario.json');
  writeFileAtomic(file, renderScenarioJson(result));
  writeFileAtomic(join(o.out, 'scenario.md'), renderScenarioMarkdown(result));
  writeFileAtomic(join(o.out, 'junit.xml'), renderScenarioJunit(result));
  writeFileAtomic(join(o.out, 'scenario.html'), renderScenarioHtml(result));
  io.out(
    `\n${result.implementation.name} ${result.implementation.version}: ${result.steps.length} steps in lockstep, ${Math.round(s.durationMs)} ms\n`,
  );
  io.out(
    `movers: ${s.movers} v1 depositors; backfilled ${fmt(s.backfilled)} BLND; drop ${fmt(s.dropped)} BLND (${fmt(s.droppedToList)} to the drop list, ${fmt(s.dropped - s.droppedToList)} backfill)\n`,
  );
  // the code run: the snapshot's contracts, the bundled builds and the user's (src/report/provenance.ts)
  if (result.provenance !== undefined && result.provenance.length > 0) {
    io.out('code run:\n');
    for (const p of result.provenance) io.out(`  ${p.contract}: ${p.sha256} ${provenanceSource(p)}\n`);
  }
  const after = s.claims.filter((c) => c.afterDrop);
  io.out(`claims after the drop: ${after.length}\n`);
  for (const c of after) io.out(`  ${c.call} -> ${fmt(c.amount)} ${c.unit}\n`);
  if (result.verdict === 'pass')
    io.out('no divergence: every reply and every state agreed with the model, and every step got the outcome the timeline expects\n');
  else io.out(`\n${{ fault: 'FAULT', fail: 'FAIL', insufficient: 'INSUFFICIENT (not a pass)' }[result.verdict]}: ${result.failure}\n`);
  io.out(`reports: ${file}, scenario.md, scenario.html, junit.xml\n`);
  // docs/exit-codes.md
  return { pass: 0, fail: 1, fault: 3, insufficient: 4 }[result.verdict];
}

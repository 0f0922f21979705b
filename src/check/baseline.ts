/**
 * `check --impl soroban --wasm NAME=FILE ... --baseline bundled`: whose divergence is it (issue 19,
 * point 3). Each divergence the user's build showed (the shrunk counterexample and, when the
 * shrinking changed it, the unshrunk sequence first found) is replayed, the same world and the same
 * steps, in lockstep against the driver with every contract bundled (blend-contract-sdk), and
 * classified:
 *
 * - `user-build-only`: the bundled build agrees with the model on every step: the user's build is
 *   what differs;
 * - `shared`: the bundled build diverges at the same step in the same way (the same finding, word
 *   for word: kind, field or property, the model's and the implementation's values): the model or
 *   the harness is at fault, not the user's build;
 * - `different`: the bundled build diverges elsewhere, or otherwise at the same step (the detail
 *   says where and how).
 *
 * The replay is deterministic (no generator: the saved actions) and runs on one process after the
 * check, whatever `--workers`; a signal interrupts it and ends the driver. It never changes the
 * check's verdict or exit code.
 */
import type { Action } from '../../model/actions.ts';
import type { WorldConfig } from '../world/create.ts';
import type { ProfileName } from '../../spec/profiles.ts';
import { harnessFault } from '../verdict.ts';
import { ImplementationFault, type Implementation } from './implementation.ts';
import { describeFinding, type Finding } from './lockstep.ts';
import { replaySequence, type CorpusReplayResult } from './replay-corpus.ts';
import { provenanceSource } from '../report/provenance.ts';

/** What one sequence did: a divergence (or the model's own violation), or nothing (`pass`). */
export type Outcome = CorpusReplayResult;

export { BASELINES, type Attribution, type Baseline, type BaselineDivergence, type BaselineReport } from './baseline-report.ts';
import type { Attribution, BaselineDivergence, BaselineReport } from './baseline-report.ts';

/** The step (0-based; -1 at genesis) at which an outcome diverged, or undefined for a pass. */
function stepOf(o: Outcome): number | undefined {
  if (o.kind === 'pass') return undefined;
  return o.kind === 'divergence' ? o.finding.step : o.step;
}

/** An outcome in one line, as the check reports it (describeFinding; a model violation names its property). */
export function describeOutcome(o: Outcome): string {
  if (o.kind === 'pass') return `agrees with the model on every step (${o.steps} steps)`;
  if (o.kind === 'divergence') return describeFinding(o.finding);
  return `the reference model itself violates ${o.property} at step ${o.step + 1}: ${o.message}`;
}

/**
 * Classify a divergence of the user's build by what the bundled build did on the same steps:
 * `user-build-only` when the bundled build passed, `shared` when its outcome is the same (the same
 * step, kind, field or property, and values: the same line), `different` otherwise. Pure.
 */
export function classify(user: Outcome, bundled: Outcome): { attribution: Attribution; bundled: string; bundledStep?: number } {
  const step = stepOf(bundled);
  const at = step === undefined ? {} : { bundledStep: Math.max(step + 1, 0) };
  if (bundled.kind === 'pass') return { attribution: 'user-build-only', bundled: describeOutcome(bundled) };
  const same = user.kind === bundled.kind && describeOutcome(user) === describeOutcome(bundled);
  if (same) return { attribution: 'shared', bundled: describeOutcome(bundled), ...at };
  const where = stepOf(user) === step ? 'at the same step, otherwise' : `elsewhere (${step! < 0 ? 'at genesis' : `at step ${step! + 1}`})`;
  return { attribution: 'different', bundled: `diverges ${where}: ${describeOutcome(bundled)}`, ...at };
}

/** A divergence of the user's build: its steps and what they did (the check's counterexample). */
export interface UserDivergence {
  readonly sequence: BaselineDivergence['sequence'];
  readonly actions: readonly Action[];
  readonly outcome: Outcome;
}

export interface BaselineOptions {
  readonly profile: ProfileName;
  readonly world: WorldConfig;
  readonly divergences: readonly UserDivergence[];
  /** Starts the bundled driver (one process for every replay; closed here). */
  readonly start: () => Implementation;
  readonly signal?: AbortSignal;
  /** Replays one sequence (replaySequence; a test stubs it). */
  readonly replay?: typeof replaySequence;
}

/**
 * Replay each divergence on the bundled build and classify it. Nothing runs when there is none.
 * A fault of the bundled driver (ImplementationFault) or an error the harness does not understand
 * ends the baseline with status `fault`; a signal with `interrupted`. The driver is always closed.
 */
export async function runBaseline(opts: BaselineOptions): Promise<BaselineReport> {
  if (opts.divergences.length === 0) return { baseline: 'bundled', status: 'none', divergences: [] };
  if (opts.signal?.aborted) return { baseline: 'bundled', status: 'interrupted', divergences: [] };
  const replay = opts.replay ?? replaySequence;
  const out: BaselineDivergence[] = [];
  const impl = opts.start();
  const onAbort = (): void => impl.interrupt?.();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let implementation: BaselineReport['implementation'];
  let provenance: BaselineReport['provenance'];
  try {
    // who the baseline is: its name, version and the code it runs (each replay below handshakes again)
    const h = await impl.handshake(opts.profile);
    implementation = { name: h.name, version: h.version };
    provenance = h.provenance;
    const own = (provenance ?? []).filter((p) => p.source !== 'bundled');
    if (own.length > 0)
      throw new ImplementationFault(
        'handshake',
        `the baseline runs code that is not bundled: ${own.map((p) => p.contract).join(', ')} (it must run every contract's bundled WASM)`,
      );
    for (const d of opts.divergences) {
      const got = await replay(opts.profile, opts.world, d.actions, impl);
      out.push({ sequence: d.sequence, steps: d.actions.length, user: describeOutcome(d.outcome), ...classify(d.outcome, got) });
    }
    return { baseline: 'bundled', status: 'ran', implementation, provenance, divergences: out };
  } catch (e) {
    if (opts.signal?.aborted) return { baseline: 'bundled', status: 'interrupted', implementation, provenance, divergences: out };
    const fault = e instanceof ImplementationFault ? e : harnessFault(e, 'while replaying a divergence on the bundled build');
    return {
      baseline: 'bundled',
      status: 'fault',
      implementation,
      provenance,
      divergences: out,
      fault: { kind: fault.kind, message: fault.message },
    };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await impl.close();
  }
}

/** The baseline in a few lines, for the console (no trailing newline on each): the code it ran, then one line per divergence. */
export function baselineLines(b: BaselineReport): string[] {
  if (b.status === 'none') return ['baseline bundled: the check found no divergence, so the baseline replayed nothing'];
  const code = (b.provenance ?? []).map((p) => `${p.contract} ${p.sha256.slice(0, 12)}`).join(', ');
  const lines = [
    `baseline bundled: ${b.implementation ? `${b.implementation.name} ${b.implementation.version}` : 'the driver (stopped before its handshake)'}${code ? ` (sha256 ${code})` : ''}`,
    ...b.divergences.map(
      (d) =>
        `  ${d.sequence} (${d.steps} step${d.steps === 1 ? '' : 's'}): ${d.attribution.toUpperCase()}: ${
          d.attribution === 'user-build-only'
            ? 'the bundled build agrees with the model on it: only your build diverges'
            : d.attribution === 'shared'
              ? 'the bundled build diverges the same way: the model or the harness is at fault, not your build'
              : `the bundled build ${d.bundled}`
        }`,
    ),
  ];
  if (b.status === 'interrupted') lines.push('  interrupted by a signal: the divergences not listed were not replayed');
  if (b.status === 'fault') lines.push(`  FAULT (${b.fault?.kind}): ${b.fault?.message}; the divergences not listed were not replayed`);
  return lines;
}

/** Whether some divergence is `shared` (the verdict line says so). */
export const anyShared = (b: BaselineReport | undefined): boolean => b?.divergences.some((d) => d.attribution === 'shared') === true;

/** The user's outcome of a check's counterexample: its Divergence finding, or the model's own violation. */
export function userOutcome(
  finding: Finding | undefined,
  cx: { readonly property: string; readonly message: string; readonly failingStep: number },
): Outcome {
  if (finding !== undefined) return { kind: 'divergence', finding, message: describeFinding(finding) };
  const property = cx.property.replace(/^MODEL:/, '');
  const message = cx.message.replace(/^the reference model itself violates [^:]+: /, '');
  return { kind: 'model', property, step: cx.failingStep, message };
}

const mdEsc = (s: string): string => s.replace(/\|/g, '\\|');

/** report.md: the baseline's section (a table per divergence, then the code the baseline ran). */
export function baselineMarkdown(b: BaselineReport): string[] {
  const out = ['## Baseline: the bundled build', ''];
  if (b.status === 'none') return [...out, 'The check found no divergence: the baseline replayed nothing.', ''];
  out.push(
    `Each divergence of the checked build replayed, the same world and steps, on ${b.implementation ? `**${b.implementation.name}** ${b.implementation.version}` : 'the driver'} with every contract bundled: \`user-build-only\` (the bundled build agrees with the model), \`shared\` (it diverges the same way: the model or the harness is at fault), \`different\` (it diverges elsewhere or otherwise).`,
    '',
  );
  if (b.divergences.some((d) => d.attribution === 'shared'))
    out.push(
      '**Shared divergence: the bundled build diverges the same way; the model or the harness is at fault, not the build checked.**',
      '',
    );
  if (b.divergences.length > 0)
    out.push(
      '| sequence | steps | attribution | the checked build | the bundled build |',
      '|---|---|---|---|---|',
      ...b.divergences.map((d) => `| ${d.sequence} | ${d.steps} | \`${d.attribution}\` | ${mdEsc(d.user)} | ${mdEsc(d.bundled)} |`),
      '',
    );
  if (b.status === 'interrupted') out.push('**Interrupted** by a signal: the divergences not listed were not replayed.', '');
  if (b.status === 'fault')
    out.push(`**Fault** (${b.fault?.kind}): ${mdEsc(b.fault?.message ?? '')}; the divergences not listed were not replayed.`, '');
  if ((b.provenance ?? []).length > 0)
    out.push(
      'Code the baseline ran:',
      '',
      '| contract | SHA-256 | source |',
      '|---|---|---|',
      ...(b.provenance ?? []).map((p) => `| ${p.contract} | \`${p.sha256}\` | ${mdEsc(provenanceSource(p))} |`),
      '',
    );
  return out;
}

/** junit.xml properties (and report.html rows): the attribution of each divergence and the baseline's code. */
export function baselineProperties(b: BaselineReport): [string, string][] {
  return [
    ['baseline', b.baseline],
    ['baseline.status', b.status],
    ...b.divergences.flatMap((d): [string, string][] => [
      [`baseline.${d.sequence}.attribution`, d.attribution],
      [`baseline.${d.sequence}.bundled`, d.bundled],
    ]),
    ...(b.fault ? [['baseline.fault', `${b.fault.kind}: ${b.fault.message}`] as [string, string]] : []),
    ...(b.provenance ?? []).flatMap((p): [string, string][] => [
      [`baseline.wasm.${p.contract}.sha256`, p.sha256],
      [`baseline.wasm.${p.contract}.source`, provenanceSource(p)],
    ]),
  ];
}

/** report.html's summary rows: one per divergence (its attribution, what the bundled build did), then the baseline's code. */
export function baselineRows(b: BaselineReport): [string, string][] {
  if (b.status === 'none') return [['baseline bundled', 'the check found no divergence: nothing replayed']];
  return [
    ...b.divergences.map((d): [string, string] => [
      `baseline ${d.sequence}`,
      `${d.attribution}${d.attribution === 'shared' ? ' (the model or the harness is at fault, not the build checked)' : ''}; the bundled build: ${d.bundled}`,
    ]),
    ...(b.status === 'interrupted'
      ? [['baseline', 'interrupted by a signal: the divergences not listed were not replayed'] as [string, string]]
      : []),
    ...(b.fault ? [['baseline fault', `${b.fault.kind}: ${b.fault.message}`] as [string, string]] : []),
    ...(b.provenance ?? []).map((p): [string, string] => [`baseline wasm ${p.contract}`, `${p.sha256} — ${provenanceSource(p)}`]),
  ];
}

/**
 * `check` against an estimator (docs/estimators.md): an implementation whose handshake declares
 * `estimator` executes nothing. The model is driven by the generated sequences as in a model-only
 * run (its invariants checked as `run` checks them); at the chosen points of src/check/claimable.ts
 * (after each accepted claim, the claimant; every 16th step and at each sequence's end, every user
 * with a position) the harness sends the estimator the model's state (`load_state`), asks `claimable`,
 * and compares each estimate with what the model's claim pays then. A difference is a finding
 * (`estimate`, `estimate-revert`) that fast-check shrinks like a divergence.
 */
import type { Action } from '../../model/actions.ts';
import { toCall } from '../../model/actions.ts';
import type { Harness } from '../harness/harness.ts';
import type { Handshake } from '../protocol/messages.ts';
import type { RunResult } from '../run.ts';
import { probeUsersAfter, usersWithPositions, type ClaimableProbe, type EstimateTally, type Tolerance } from './claimable.ts';
import { ImplementationFault } from './implementation.ts';
import { Divergence } from './lockstep.ts';

/** One sequence against an estimator: the model steps, the estimator is probed (the Lockstep's shape, for check.ts). */
export class EstimatorRun {
  private index = 0;

  constructor(
    readonly model: Harness,
    private readonly probe: ClaimableProbe,
    /** Every action applied, for the report. */
    readonly actions: Action[] = [],
  ) {}

  async step(a: Action): Promise<void> {
    const i = this.index++;
    this.actions.push(a);
    // the model's invariants, as in `run` (a PropertyViolation is the model's own failure)
    const out = this.model.step(a);
    await this.probeAt(i, probeUsersAfter(i, a, out.ok, this.model.world));
  }

  /** The end of the sequence: every user with a position. */
  async finish(): Promise<void> {
    if (this.index === 0) return;
    const users = usersWithPositions(this.model.world);
    await this.probeAt(this.index - 1, users, { withPositions: users.length });
  }

  private async probeAt(i: number, users: readonly string[], end?: { readonly withPositions: number }): Promise<void> {
    if (users.length === 0) return;
    const f = await this.probe.probe(this.model.world, users, end);
    if (f !== undefined) throw new Divergence({ ...f, step: i, call: toCall(this.actions[i]!, (x) => this.model.name(x)) });
  }
}

/**
 * The handshake of an estimator, checked: it must answer `claimable` and `load_state` (it lists no
 * entry points: it executes nothing). Throws an ImplementationFault (`handshake`) when it lists any.
 */
export function requireEstimatorHandshake(h: Handshake): void {
  const entry = h.actions.filter((a) => a !== 'claimable');
  if (entry.length > 0)
    throw new ImplementationFault(
      'handshake',
      `the handshake declares an estimator (it executes nothing) and also lists entry points ${entry.map((a) => JSON.stringify(a)).join(', ')}`,
    );
}

/** The estimates a check compared (report.json `estimates`; absent when no claimable probe ran). */
export interface EstimatesReport extends EstimateTally {
  /** `exact` (an implementation announcing claimable), `stroops` or `blnd-float` (an estimator). */
  readonly mode: string;
  /** The tolerance applied (blnd-float only), as given. */
  readonly tolerance?: string;
}

/** The lines the terminal and report.md give the probes: what was compared, and how. */
export function estimatesLines(e: EstimatesReport): string[] {
  const dec = Object.entries(e.byDecimals)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([d, n]) => `${n} on ${d}-decimal reserves`)
    .join(', ');
  const how =
    e.mode === 'exact'
      ? 'compared exactly with the model'
      : e.mode === 'stroops'
        ? 'in stroops, compared exactly with what the model’s claim pays'
        : `in BLND (floats), compared with what the model’s claim pays within ${e.tolerance ?? ''} (stroops + relative)`;
  return [
    `claimable: ${e.compared} ${e.mode === 'exact' ? 'answers' : 'estimates'}, ${how} (${e.requests} requests at ${e.points} points; at the sequences’ ends ${e.probedUsers} of ${e.usersWithPositions} users with a position asked${e.probedUsers < e.usersWithPositions ? ': those a sequence touched and a window of the others' : ''}): ${e.backstop} backstop, ${e.pools} pool${dec === '' ? '' : ` (${dec})`}; ${e.paying} where the claim pays, ${e.reverts} where it reverts${e.mode === 'exact' ? '' : ` (of them ${e.zeroWhereReverts} shown as 0 and ${e.unfundedWhereReverts} shown as an amount where only the payer lacks the BLND: not differences)`}, ${e.future} at a later time (around an emission expiration)`,
  ];
}

/**
 * An estimator check that compared no estimate of a claim that pays has not earned a pass: nothing
 * was compared that could differ. Its verdict becomes `insufficient` (exit 4) with the shortfall named.
 */
export function judgeEstimates<R extends RunResult & { readonly estimates?: EstimatesReport }>(result: R): R {
  const e = result.estimates;
  if (e === undefined || e.mode === 'exact' || result.verdict !== 'pass' || e.paying > 0) return result;
  const shortfall = { kind: 'estimate' as const, name: 'estimates of a claim that pays', got: e.paying, need: 1 };
  return {
    ...result,
    verdict: 'insufficient',
    exercise: {
      rule: result.exercise?.rule ?? { accepted: 0, rejected: 1, checks: 1 },
      shortfalls: [...(result.exercise?.shortfalls ?? []), shortfall],
    },
  };
}

export type { Tolerance };

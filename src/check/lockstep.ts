/**
 * One sequence in lockstep: every action is applied to the reference model (whose invariants are
 * checked as in `run`) and sent to the implementation; then its reply, the invariant suites on its
 * own state, and its whole observable state are compared with the model's, in that order. The first
 * difference is thrown as a Divergence (fast-check then shrinks the sequence).
 */
import type { Action } from '../../model/actions.ts';
import { toCall } from '../../model/actions.ts';
import type { World } from '../../model/state.ts';
import type { Profile } from '../../spec/profiles.ts';
import { errorOf, formatError } from '../../spec/errors.ts';
import { rulesOf } from '../../spec/fields.ts';
import { knownDefectOf, PropertyViolation, type Property, type Step, type StepOutcome } from '../../properties/types.ts';
import { Ghost } from '../harness/ghost.ts';
import { captureBefore } from '../harness/before.ts';
import type { Harness, Stats } from '../harness/harness.ts';
import { StateRangeError, diffState, stateToWorld, worldToState, type ObservableState } from '../protocol/state.ts';
import { EQUAL, ImplementationFault, type Implementation, type ImplReply } from './implementation.ts';
import { stateText } from '../protocol/state-text.ts';
import type { ImplementationStep } from '../report/trace.ts';
import { endOfSequenceUsers, type ClaimableProbe, type ClaimFinding } from './claimable.ts';

/** Where the implementation and the model part ways. */
export type Finding =
  | {
      readonly kind: 'reply';
      readonly step: number;
      readonly call: string;
      readonly model: string;
      readonly impl: string;
      readonly rules: readonly string[];
    }
  | {
      readonly kind: 'state';
      readonly step: number;
      readonly call: string;
      readonly field: string;
      readonly model: string;
      readonly impl: string;
      readonly rules: readonly string[];
    }
  | {
      readonly kind: 'invariant';
      readonly step: number;
      readonly call: string;
      readonly property: string;
      readonly message: string;
      readonly rules: readonly string[];
    }
  /** A `claimable` probe (src/check/claimable.ts): an exact implementation's answer, or an estimator's. */
  | ({ readonly step: number; readonly call: string } & ClaimFinding);

export class Divergence extends Error {
  constructor(readonly finding: Finding) {
    super(describeFinding(finding));
    this.name = 'Divergence';
  }
}

/** One line naming the step, the field or check, the model's value and the implementation's. */
export function describeFinding(f: Finding): string {
  const at = f.step < 0 ? 'at genesis' : `at step ${f.step + 1} (${f.call})`;
  switch (f.kind) {
    case 'reply':
      return `reply diverges ${at}: model ${f.model}, implementation ${f.impl} [rules ${f.rules.join(', ')}]`;
    case 'state':
      return `state diverges ${at}: ${f.field}: model ${f.model}, implementation ${f.impl} [rules ${f.rules.join(', ')}]`;
    case 'invariant':
      return `implementation violates ${f.property} ${at}: ${f.message} [rules ${f.rules.join(', ')}]`;
    case 'claimable':
      return `claimable diverges ${at}: ${f.field}: model ${f.model}, implementation ${f.impl} [rules ${f.rules.join(', ')}]`;
    case 'estimate':
      return `estimate differs ${at}: ${f.field}: the contract pays ${f.model}, the estimator shows ${f.impl} [rules ${f.rules.join(', ')}]`;
    case 'estimate-revert':
      return `estimate where the contract reverts ${at}: ${f.field}: the claim ${f.model}, the estimator shows ${f.impl} [rules ${f.rules.join(', ')}]`;
  }
}

/** A reply in the trace's outcome syntax: `ok`, `ok: <result>` or `rejected: <Contract>#<code> <Name>`. */
const outcomeOf = (r: ImplReply): string =>
  r.ok
    ? r.result === null
      ? 'ok'
      : `ok: ${r.result}`
    : `rejected: ${r.error.contract}#${r.error.code} ${errorOf(r.error.contract, r.error.code).name}`;

const showReply = (r: ImplReply): string =>
  r.ok ? `ok(${r.result === null ? 'null' : r.result})` : `error ${formatError(errorOf(r.error.contract, r.error.code))}`;

/** State replies after a step: `equal`, the model's canonical text byte for byte (not parsed); `read`, read and compared in full. */
export interface StateTally {
  equal: number;
  read: number;
}

/**
 * The `check` command's k: the implementation's state is read afresh and compared in full at every
 * k-th step and at the end of each sequence (`fullStateEvery`, `finish`); between them a state reply
 * that is the model's canonical text byte for byte is taken unparsed. Chosen by measurement
 * (docs/performance.md): a full read costs the harness ~25 times an unparsed one, so at k = 32 it
 * adds under a tenth to a step.
 */
export const FULL_STATE_EVERY = 32;

export class Lockstep {
  private index = 0;
  /** Whether the last state (genesis, or the last step's) was read in full. */
  private lastReadInFull = true;
  /** The implementation's state as a world; undefined while it is, byte for byte, the model's. */
  private implWorld: World | undefined;
  private readonly implGhost: Ghost;
  private readonly fullStateEvery: number;
  /** How the implementation's state replies were taken, summed over a run's sequences. */
  private readonly tally: StateTally;
  /** What the implementation reported at each step, for the report's trace (when asked for). */
  private readonly observed: ImplementationStep[] | undefined;
  /** `claimable` asked at chosen points (an implementation that announces it), compared exactly. */
  private readonly probe: ClaimableProbe | undefined;

  constructor(
    readonly model: Harness,
    private readonly impl: Implementation,
    private readonly properties: readonly Property[],
    private readonly implStats: Stats,
    private readonly profile: Profile,
    genesis: ObservableState,
    /** Every action sent, for the report. */
    readonly actions: Action[] = [],
    opts: {
      /**
       * Read and check the implementation's state in full at every this-many-th step even when its
       * reply is the model's state text (0: only when it is not), so that reading is exercised too.
       */
      readonly fullStateEvery?: number;
      readonly tally?: StateTally;
      /**
       * Filled with what the implementation reported after each step (its reply, and its state as a
       * world whenever it was read in full; genesis as step -1), for the trace of a failing sequence.
       */
      readonly observed?: ImplementationStep[];
      /**
       * Ask `claimable` at the end of each sequence, of the users with a position it touched and a
       * window of the others (src/check/claimable.ts `endOfSequenceUsers`).
       * Only there: the claims' inputs are all in the state compared at every step, and an answer
       * costs an implementation of the contracts a simulated claim per entry (tens per user).
       */
      readonly probe?: ClaimableProbe;
    } = {},
  ) {
    this.probe = opts.probe;
    this.fullStateEvery = opts.fullStateEvery ?? 0;
    this.tally = opts.tally ?? { equal: 0, read: 0 };
    this.observed = opts.observed;
    this.implWorld = this.toWorld(genesis);
    this.observed?.push({ step: -1, reply: undefined, state: { kind: 'read', world: this.implWorld, minted: 0n } });
    this.implGhost = new Ghost(model.ghost.start, model.ghost.dequeueOrder);
    // what the model's harness knew at genesis of a loaded world (a snapshot): the BLND the
    // backstops already held, and the pools whose emissions began before the run
    for (const [b, v] of model.ghost.receivedByBackstop) this.implGhost.receivedByBackstop.set(b, v);
    for (const p of model.ghost.preexisting) this.implGhost.preexisting.add(p);
    for (const p of model.ghost.preexistingReserves) this.implGhost.preexistingReserves.add(p);
    const d = diffState(worldToState(model.world), worldToState(this.implWorld));
    if (d)
      throw new Divergence({
        kind: 'state',
        step: -1,
        call: 'init',
        field: d.path,
        model: d.model,
        impl: d.impl,
        rules: rulesOf('advance_time', d.path),
      });
  }

  private toWorld(st: ObservableState): World {
    try {
      // the reserves' configurations (not observable) as genesis set them: the model's
      const pools = this.model.world.pools;
      return stateToWorld(this.profile, st, this.model.world.users, this.model.world.names, (p, i) => pools.get(p)?.reserves[i]?.config);
    } catch (e) {
      if (e instanceof StateRangeError) throw new ImplementationFault('out-of-range', `state: ${e.message}`);
      throw e;
    }
  }

  async step(a: Action): Promise<void> {
    await this.compareStep(a);
  }

  /** The chosen point after step `i`: `claimable` for `users`, compared with the model's; a difference is thrown. */
  private async probeAt(i: number, users: readonly string[], end?: { readonly withPositions: number }): Promise<void> {
    if (this.probe === undefined || i < 0 || users.length === 0) return;
    const f = await this.probe.probe(this.model.world, users, end);
    if (f !== undefined) throw new Divergence({ ...f, step: i, call: toCall(this.actions[i]!, (x) => this.model.name(x)) });
  }

  /** Step `a` on both sides and compare; whether the model accepted it. */
  private async compareStep(a: Action): Promise<boolean> {
    const i = this.index++;
    this.actions.push(a);
    const call = toCall(a, (x) => this.model.name(x));
    // (while the implementation's state is the model's, its Before is the model's)
    const beforeImpl = captureBefore(this.implWorld ?? this.model.world, a);
    // the state is read in full at every fullStateEvery-th step, and whenever it is not the model's
    // text (or the implementation cannot tell)
    const impl = this.impl;
    const full = impl.stateUnlessEqual === undefined || (this.fullStateEvery > 0 && i % this.fullStateEvery === 0);
    // the model's step and the state text it expects: with callAndState, run once the call and the
    // state request are sent, while the implementation answers them
    const ours: { out?: ReturnType<Harness['step']>; expect?: string } = {};
    const stepModel = (): string | undefined => {
      ours.out = this.model.step(a);
      if (!full) ours.expect = stateText(this.model.world);
      return ours.expect;
    };
    let pipelined: Promise<ObservableState | typeof EQUAL> | undefined;
    let reply: ImplReply;
    if (impl.callAndState !== undefined) {
      const both = impl.callAndState(a, { fresh: full, text: stepModel });
      pipelined = both.state;
      // (not awaited when the reply diverges or faults: its failure is the reply's)
      pipelined.catch(() => undefined);
      reply = await both.reply;
    } else {
      stepModel();
      reply = await impl.call(a);
    }
    const modelOut = ours.out!;
    const expect = ours.expect;

    // 1. the reply: the same value, or the same contract error
    const modelReply: ImplReply = modelOut.ok
      ? { ok: true, result: modelOut.result }
      : { ok: false, error: { contract: modelOut.error.contract, code: modelOut.error.code } };
    const same = modelReply.ok
      ? reply.ok && reply.result === modelReply.result
      : !reply.ok && reply.error.contract === modelReply.error.contract && reply.error.code === modelReply.error.code;
    if (!same) {
      // the state the implementation reports after its diverging reply, when it was already asked for
      if (this.observed !== undefined) {
        // (asked for with the call when pipelined, else asked for now)
        let state: ImplementationStep['state'] = { kind: 'unread' };
        try {
          const st = pipelined !== undefined ? await pipelined : await impl.state();
          state = st === EQUAL ? { kind: 'equal' } : { kind: 'read', world: this.toWorld(st), minted: undefined };
        } catch {
          // a fault on the state after a diverging reply: the reply is the finding
        }
        this.observed.push({ step: i, reply: outcomeOf(reply), state });
      }
      const errRules = [modelReply, reply].flatMap((r) => (r.ok ? [] : [formatError(errorOf(r.error.contract, r.error.code))]));
      throw new Divergence({
        kind: 'reply',
        step: i,
        call,
        model: showReply(modelReply),
        impl: showReply(reply),
        rules: [...rulesOf(a.fn), ...errRules.map((e) => `(${e})`)],
      });
    }

    // 2. the invariant suites on the implementation's own state. A state reply that is the model's
    // canonical state text byte for byte is the model's state: its invariants are the model's,
    // just checked (counted for the implementation too), and there is no difference to find.
    const events = modelOut.ok ? modelOut.events : [];
    const reported =
      pipelined !== undefined ? await pipelined : expect === undefined ? await impl.state() : await impl.stateUnlessEqual!(expect);
    this.lastReadInFull = reported !== EQUAL;
    if (reported === EQUAL) {
      if (reply.ok)
        this.implGhost.record(events, (b) => this.model.world.backstops.get(b)?.rewardZone.length ?? 0, {
          action: a,
          before: beforeImpl,
          backstopOf: (p) => this.model.world.pools.get(p)?.backstop,
        });
      const st = this.implStats;
      if (!st.frozen) for (const k of this.model.lastApplied) st.checkCounter(this.model.properties[k]!.id).n++;
      this.implWorld = undefined;
      this.tally.equal++;
      this.observed?.push({ step: i, reply: outcomeOf(reply), state: { kind: 'equal' } });
      return modelOut.ok;
    }
    this.tally.read++;
    const implWorld = this.toWorld(reported);
    const outcome: StepOutcome = reply.ok
      ? { ok: true, result: reply.result, events }
      : { ok: false, error: { ...reply.error, errorName: errorOf(reply.error.contract, reply.error.code).name } };
    if (reply.ok)
      this.implGhost.record(events, (b) => implWorld.backstops.get(b)?.rewardZone.length ?? 0, {
        action: a,
        before: beforeImpl,
        backstopOf: (p) => implWorld.pools.get(p)?.backstop,
      });
    this.observed?.push({ step: i, reply: outcomeOf(reply), state: { kind: 'read', world: implWorld, minted: this.implGhost.minted } });
    const step: Step = { index: i, profile: this.profile, action: a, before: beforeImpl, outcome, world: implWorld, ghost: this.implGhost };
    const st = this.implStats;
    for (const p of this.properties) {
      if (!p.applies(step)) continue;
      if (!st.frozen) st.checkCounter(p.id).n++;
      const msg = p.check(step);
      if (msg === null) continue;
      // a known defect of the profile's deployed contracts, in exactly its condition: counted, not a divergence
      const kd = p.knownDefects === undefined ? undefined : knownDefectOf(p, this.profile, msg);
      if (kd === undefined) throw new Divergence({ kind: 'invariant', step: i, call, property: p.id, message: msg, rules: p.rules });
      if (!st.frozen) st.countKnownDefect(p.id, kd.id, kd.message, i);
    }

    // 3. the whole observable state
    const d = diffState(worldToState(this.model.world), worldToState(implWorld));
    if (d)
      throw new Divergence({ kind: 'state', step: i, call, field: d.path, model: d.model, impl: d.impl, rules: rulesOf(a.fn, d.path) });
    this.implWorld = implWorld;
    return modelOut.ok;
  }

  /**
   * The end of a sequence: when states are read in full every k steps (`fullStateEvery` > 0) and the
   * last step's was not, it is read afresh and compared in full, so that no difference an unparsed
   * reply could leave unseen outlives its sequence. Throws the Divergence at the last step. Then,
   * with a claimable probe, the users with a position the sequence touched and a window of the
   * others chosen by the sequence's hash, all of them when they are few (src/check/claimable.ts
   * `endOfSequenceUsers`, PROBE_UNTOUCHED).
   */
  async finish(): Promise<void> {
    await this.finishState();
    if (this.probe === undefined || this.index === 0) return;
    // the end of the sequence: the users it touched, and a window of the others
    const { users, withPositions } = endOfSequenceUsers(this.model.world, this.actions);
    await this.probeAt(this.index - 1, users, { withPositions });
  }

  private async finishState(): Promise<void> {
    if (this.fullStateEvery <= 0 || this.lastReadInFull || this.index === 0) return;
    const i = this.index - 1;
    const a = this.actions[this.actions.length - 1]!;
    const reported = this.toWorld(await this.impl.state());
    this.tally.read++;
    this.lastReadInFull = true;
    const d = diffState(worldToState(this.model.world), worldToState(reported));
    if (d)
      throw new Divergence({
        kind: 'state',
        step: i,
        call: toCall(a, (x) => this.model.name(x)),
        field: d.path,
        model: d.model,
        impl: d.impl,
        rules: rulesOf(a.fn, d.path),
      });
    this.implWorld = reported;
  }
}

export { PropertyViolation };

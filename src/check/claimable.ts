/**
 * `claimable` probes in a check (docs/protocol.md "Claimable", docs/estimators.md): at chosen
 * points of a sequence the harness asks the implementation what users could claim, and compares each
 * answer with the model's (model/claimable.ts `claimable`: each claim run at the time and rolled
 * back).
 *
 * - Chosen points: of an estimator (`probeUsersAfter`), after each claim the model accepted, the
 *   claimant, and at every PROBE_EVERY-th step and at the end of each sequence, every user with a
 *   position (about steps / PROBE_EVERY + claims + 1 points per sequence); of an exact
 *   implementation, in lockstep, at the end of each sequence only (src/check/lockstep.ts: its whole
 *   state is compared at every step, and each answer costs it a simulated claim per entry), and
 *   there (`endOfSequenceUsers`) every user with a position the sequence touched (an action's
 *   `from`, `to`, emitter.drop's recipients) plus a window of at most PROBE_UNTOUCHED of the others,
 *   chosen by a hash of the sequence's calls so that successive sequences ask them in turn: all of
 *   them when they are no more than that (the generated worlds, usually). Per user at most
 *   2 × (1 + 3 × MAX_EXPIRATIONS) requests at a point (MAX_EXPIRATIONS_EXACT for an exact
 *   implementation).
 * - What is asked (`claimableQueries`): for the user, every backstop pool they hold shares, queued
 *   withdrawals or emission data in (one request per backstop), and every configured reserve token
 *   id (the pool's emission configuration, its reserve emission data and the user's own records) of
 *   every pool they have a position or emission data in; at the state's `now` and, for the nearest
 *   MAX_EXPIRATIONS emission expirations E among what is asked, at E − 1, E and E + 1 where these
 *   lie after `now` (the index stops at E: an estimator that accrues past it shows too much).
 * - Compared: an exact implementation (one that lists "claimable" in its handshake) must give the
 *   model's amounts and errors exactly (a `claimable` divergence). An estimator (its handshake's
 *   `estimator`) is compared on amounts: in `stroops` exactly, in `blnd-float` within the
 *   tolerance (`--tolerance`, default 1 stroop + 2^-52 relative; decimal.js computes the
 *   difference exactly); where the model pays and the estimate differs: `estimate`; where the
 *   model's claim reverts and the estimate is an amount above 0 (a front end would build a claim
 *   that fails): `estimate-revert`. An estimate of 0 for a claim that reverts is counted
 *   (`zeroWhereReverts`), not a difference: a front end offers no claim of 0; so is an amount where
 *   the claim reverts only for the payer's lack of BLND (Token 10 / 9: a backstop the emitter never
 *   funded, a pool's spent allowance; `unfundedWhereReverts`): an emission estimate is not one of
 *   the payer's funds.
 */
import { Decimal as DecimalBase } from 'decimal.js';
import { toCall, type Action } from '../../model/actions.ts';
import { claimable, type ClaimableAmount, type ClaimableQuery } from '../../model/claimable.ts';
import type { Address, World } from '../../model/state.ts';
import { SCALAR_7 } from '../../spec/constants.ts';
import { TokenError } from '../../spec/errors.ts';
import { rulesOf } from '../../spec/fields.ts';
import { claimableArgsOf } from '../protocol/claimable.ts';
import type { ClaimableEntry, EstimatorUnits } from '../protocol/messages.ts';
import type { Stats } from '../harness/harness.ts';
import { ImplementationFault, type Implementation } from './implementation.ts';
import { worldToState } from '../protocol/state.ts';

/** Exact decimals for i128 stroop amounts and their differences (decimal.js: the rounding reference). */
const Decimal = DecimalBase.clone({ precision: 80 });

/** The Soroban token's errors where a transfer lacks funds (spec/errors.ts TokenError: BalanceError 10, AllowanceError 9). */
const TOKEN_BALANCE_ERROR = TokenError.BalanceError.code;
const TOKEN_ALLOWANCE_ERROR = TokenError.AllowanceError.code;

/** The nearest future emission expirations probed around (E − 1, E, E + 1 each), per user. */
export const MAX_EXPIRATIONS = 3;

/**
 * The same of an exact implementation (asked at each sequence's end): the nearest expiration only.
 * Each of its answers is a simulated claim per entry, and the model computes each too. Measured on
 * the self-check over the protocol (test/check/buggy.test.ts "the reference model server", 300 runs
 * of 40 steps, load 15 to 17): 45.7 s without claimable, over 60 s (its timeout) with 3, 44.4 s with 1.
 */
export const MAX_EXPIRATIONS_EXACT = 1;

/**
 * How far a `blnd-float` estimate may lie from the model's amount: `stroops` (BLND stroops) plus
 * `relative` × the amount. The default, 1 stroop + 2^-52 relative, covers the one rounding of an
 * exact stroop count to a double and its division by 10^7.
 */
export interface Tolerance {
  readonly stroops: bigint;
  readonly relative: number;
  /** As given (`1+2^-52`), for the reports. */
  readonly text: string;
}

export const DEFAULT_TOLERANCE: Tolerance = { stroops: 1n, relative: 2 ** -52, text: '1+2^-52' };

/** A `--tolerance` value the harness cannot read (a usage error: exit 2). */
export class ToleranceError extends Error {}

/**
 * `--tolerance STROOPS[+RELATIVE]`: STROOPS a non-negative integer (BLND stroops), RELATIVE a
 * non-negative decimal (`1e-15`, `0.000001`) or a power of two (`2^-52`). `0` compares exactly.
 */
export function parseTolerance(text: string): Tolerance {
  const m = /^\s*(\d{1,30})\s*(?:\+\s*(?:2\^(-?\d{1,4})|((?:\d+\.?\d*|\.\d+)(?:e-?\d{1,4})?)))?\s*$/i.exec(text);
  const bad = (): never => {
    throw new ToleranceError(
      `--tolerance: expected STROOPS[+RELATIVE] (a non-negative integer of BLND stroops, then a relative part such as 2^-52 or 1e-15; default ${DEFAULT_TOLERANCE.text}), got ${JSON.stringify(text)}`,
    );
  };
  if (m === null) return bad();
  const relative = m[2] !== undefined ? 2 ** Number(m[2]) : m[3] !== undefined ? Number(m[3]) : 0;
  if (!Number.isFinite(relative) || relative < 0 || relative >= 1) return bad();
  return { stroops: BigInt(m[1]!), relative, text: text.trim() };
}

/** What the probes compared, summed over a run (not counted while a finding is shrunk). */
export interface EstimateTally {
  /** Points probed (one state, one user or every user with a position). */
  points: number;
  /** `claimable` requests sent. */
  requests: number;
  /** Entries compared: per backstop pool, per reserve token id. */
  compared: number;
  backstop: number;
  pools: number;
  /** Entries where the model's claim pays more than 0. */
  paying: number;
  /** Entries at a time after `now` (around an expiration). */
  future: number;
  /** Entries where the model's claim reverts. */
  reverts: number;
  /** Of those, an estimator's 0 (counted, not a difference). */
  zeroWhereReverts: number;
  /**
   * Of those, an estimator's amount above 0 where the claim reverts only because the payer lacks the
   * BLND (Token BalanceError 10 / AllowanceError 9: the backstop's balance, the pool's allowance):
   * counted, not a difference (an estimate of emissions is not one of the payer's funds).
   */
  unfundedWhereReverts: number;
  /** Pool entries by the reserve's decimals. */
  byDecimals: Record<string, number>;
  /** At the sequences' ends: the users with a position, summed over the ends. */
  usersWithPositions: number;
  /** Of them, the users asked (`endOfSequenceUsers`: of an exact implementation, a sample where they are many). */
  probedUsers: number;
}

export const newTally = (): EstimateTally => ({
  points: 0,
  requests: 0,
  compared: 0,
  backstop: 0,
  pools: 0,
  paying: 0,
  future: 0,
  reverts: 0,
  zeroWhereReverts: 0,
  unfundedWhereReverts: 0,
  byDecimals: {},
  usersWithPositions: 0,
  probedUsers: 0,
});

/** How the implementation's answers are compared. */
export type ProbeMode = 'exact' | EstimatorUnits;

/** The structured witness of an estimate finding (report.json `finding.claim`). */
export interface ClaimWitness {
  readonly user: Address;
  /** The backstop claimed from (a backstop entry) or the pool (a reserve token id). */
  readonly contract: Address;
  readonly pool: Address;
  readonly reserveTokenId?: number;
  /** The reserve's decimals (a pool entry). */
  readonly decimals?: number;
  readonly timestamp: string;
  /** Which time it was: `now`, or relative to an emission expiration. */
  readonly at: string;
  /** What the implementation answered: a BLND float, stroops, or an error. */
  readonly estimate: string;
  /** The model's amount (stroops) or its error. */
  readonly model: string;
  /** estimate − model, in BLND (amounts on both sides). */
  readonly difference?: string;
}

/** A claim probe that disagrees with the model (thrown as a Divergence by the caller). */
export interface ClaimFinding {
  readonly kind: 'claimable' | 'estimate' | 'estimate-revert';
  readonly field: string;
  readonly model: string;
  readonly impl: string;
  readonly rules: readonly string[];
  readonly claim: ClaimWitness;
}

/**
 * Every this-many-th step of a sequence (the 16th, the 32nd, ...) is a chosen point for every user
 * with a position. Measured (docs/estimators.md, 30 s budgets, blend-v2, seed 2, the fake right
 * estimator of test/fixtures/estimators/exact.ts, a 2-core machine at load 17): a point costs some
 * 10 ms, mostly the round trip to the estimator's process; with 16 a check ran 36,462 steps (3,167
 * points), without these points (claims and sequence ends only) 62,393 steps (2,074 points), where
 * a model-only `run` runs some 490,000. 16 keeps the states in the middle of long sequences probed
 * at about half the pace of the claims-and-ends points alone.
 */
export const PROBE_EVERY = 16;

/**
 * The users asked about after step `index` (0-based) of a sequence, `a`, on the model's world after
 * it (empty: not a chosen point): after an accepted claim, the claimant (a claim zeroes what it paid:
 * the estimate must follow); at every PROBE_EVERY-th step, every user with a position. The end of
 * a sequence is a point of its own (`usersWithPositions`).
 */
export function probeUsersAfter(index: number, a: Action, accepted: boolean, w: World): Address[] {
  if ((index + 1) % PROBE_EVERY === 0) return usersWithPositions(w);
  if (accepted && (a.fn === 'backstop.claim' || a.fn === 'pool.claim')) return [a.from];
  return [];
}

const decimalsOf = (scalar: bigint): number => scalar.toString().length - 1;

/** The users with a position or emission record anywhere (the end-of-sequence probe). */
export function usersWithPositions(w: World): Address[] {
  return w.users.filter((u) => claimableQueries(w, u).length > 0);
}

/**
 * At the end of a sequence against an exact implementation (src/check/lockstep.ts), how many of the
 * users with a position the sequence did not touch are asked about besides those it touched
 * (`endOfSequenceUsers`). Measured on the v1 mainnet snapshot (docs/performance.md "Issue 18, point
 * 3, session 14"; some 200 users with positions, ~415 requests a sequence end, each a simulated v1
 * claim through the Comet of ~1.9 ms of CPU): asking everyone was 85% of the lockstep's CPU (25
 * lockstep actions/s wall with it, 155 without, load ~8). With 16 a sequence end there asks ~33 of
 * ~150 users (~17 touched in 100 steps, and the 16), ~80 requests: 37 → 100 lockstep actions per CPU
 * second (10 × 100, seed 42, load ~4.3; the window about as many users as the touched). A
 * generated world's positions all come from its own sequence (all
 * touched): there everybody is still asked.
 */
export const PROBE_UNTOUCHED = 16;

/** The users `a` names as a user (a caller `from`, a recipient `to`, emitter.drop's recipients); contracts included, to be filtered. */
export function actionUsers(a: Action): Address[] {
  const out: Address[] = [];
  if ('from' in a) out.push(a.from);
  if ('to' in a) out.push(a.to);
  if (a.fn === 'emitter.drop') for (const [to] of a.list) out.push(to);
  return out;
}

/**
 * A stable 32-bit hash of a sequence (FNV-1a over its calls in Blend's call syntax, raw addresses):
 * the same actions give the same hash in any run, on any worker, when replayed from a corpus file.
 */
export function sequenceHash(actions: readonly Action[]): number {
  let h = 0x811c9dc5;
  for (const a of actions) {
    const s = `${toCall(a)};`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/**
 * The end-of-sequence sample (`endOfSequenceUsers`): of `withPositions` (in the world's order), every
 * user in `touched`, and of the others (U, in order) the window number `hash` mod ⌈|U| / window⌉:
 * U[k·window], …, U[k·window + window − 1], wrapping to U's start (so `window` of them). All of them
 * when |U| ≤ window. Over ⌈|U| / window⌉ sequences whose hashes differ mod that count, every user is
 * asked. Returned in `withPositions`' order.
 */
export function chooseProbed(withPositions: readonly Address[], touched: ReadonlySet<Address>, hash: number, window: number): Address[] {
  const untouched = withPositions.filter((u) => !touched.has(u));
  if (untouched.length <= window) return [...withPositions];
  const windows = Math.ceil(untouched.length / window);
  const start = (hash % windows) * window;
  const chosen = new Set<Address>();
  for (let j = 0; j < window; j++) chosen.add(untouched[(start + j) % untouched.length]!);
  return withPositions.filter((u) => touched.has(u) || chosen.has(u));
}

/**
 * The users an exact implementation is asked about at the end of a sequence (`actions`, run on the
 * model to `w`): every user with a position the sequence touched (`actionUsers`), and a window of at
 * most PROBE_UNTOUCHED of the others chosen by the sequence's hash (`chooseProbed`): everybody when
 * they are no more. Depends on the actions alone: a run is replayable from its seed, whatever the
 * worker count. Also the count of users with a position (the report's `usersWithPositions`).
 */
export function endOfSequenceUsers(
  w: World,
  actions: readonly Action[],
  window: number = PROBE_UNTOUCHED,
): { readonly users: Address[]; readonly withPositions: number } {
  const all = usersWithPositions(w);
  const touched = new Set(actions.flatMap(actionUsers));
  return { users: chooseProbed(all, touched, sequenceHash(actions), window), withPositions: all.length };
}

/**
 * The `claimable` queries for `user` on `w` (see the module comment): one per backstop the user has
 * a record in and per time; pools ride with the first backstop's (or alone). Empty when the user has
 * nothing to claim from.
 */
export function claimableQueries(w: World, user: Address, maxExpirations: number = MAX_EXPIRATIONS): ClaimableQuery[] {
  const backstops: { contract: Address; pools: Address[] }[] = [];
  const expirations = new Set<bigint>();
  for (const bs of w.backstops.values()) {
    const pools: Address[] = [];
    for (const [pool, users] of bs.userBalances) {
      const ub = users.get(user);
      if ((ub !== undefined && (ub.shares > 0n || ub.q4w.length > 0)) || bs.userEmisData.get(pool)?.has(user) === true) pools.push(pool);
    }
    for (const [pool, m] of bs.userEmisData) if (m.has(user) && !pools.includes(pool)) pools.push(pool);
    if (pools.length === 0) continue;
    for (const pool of pools) {
      const e = bs.emisData.get(pool);
      if (e !== undefined) expirations.add(e.expiration);
    }
    backstops.push({ contract: bs.address, pools });
  }
  const pools: { contract: Address; reserveTokenIds: number[] }[] = [];
  for (const p of w.pools.values()) {
    const pos = p.positions.get(user);
    const held =
      pos !== undefined && [...pos.collateral.values(), ...pos.supply.values(), ...pos.liabilities.values()].some((v) => v !== 0n);
    const mine = p.userEmis.get(user);
    if (!held && (mine === undefined || mine.size === 0)) continue;
    const ids = new Set<number>([...p.emissionConfig.keys(), ...p.emisData.keys(), ...(mine?.keys() ?? [])]);
    if (ids.size === 0) continue;
    const sorted = [...ids].sort((a, b) => a - b);
    for (const id of sorted) {
      const e = p.emisData.get(id);
      if (e !== undefined) expirations.add(e.expiration);
    }
    pools.push({ contract: p.address, reserveTokenIds: sorted });
  }
  if (backstops.length === 0 && pools.length === 0) return [];
  const now = w.now;
  const times = new Set<bigint>([now]);
  const future = [...expirations].filter((e) => e + 1n > now).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const e of future.slice(0, maxExpirations)) for (const t of [e - 1n, e, e + 1n]) if (t > now) times.add(t);
  const out: ClaimableQuery[] = [];
  for (const timestamp of [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (backstops.length === 0) out.push({ user, timestamp, pools });
    backstops.forEach((b, i) => {
      out.push({ user, timestamp, backstop: b, ...(i === 0 && pools.length > 0 ? { pools } : {}) });
    });
  }
  return out;
}

/** `t` relative to `now` and to the expirations it was chosen for. */
function timeLabel(w: World, t: bigint, expiration: bigint | undefined): string {
  if (t === w.now) return 'now';
  const rel = `now + ${t - w.now} s`;
  if (expiration === undefined) return rel;
  const d = t - expiration;
  return `${rel}, expiration ${d === 0n ? '' : d > 0n ? `+ ${d} ` : `− ${-d} `}(${expiration})`.replace(' ()', '');
}

const blnd = (stroops: bigint): string => new Decimal(stroops.toString()).div(SCALAR_7.value.toString()).toFixed();

/** The model's answer of one entry, for reports. */
const showModel = (m: ClaimableAmount): string =>
  m.ok ? `${blnd(m.amount)} BLND (${m.amount} stroops)` : `reverts ${m.error.contract}#${m.error.code}`;

const showEntry = (e: ClaimableEntry): string =>
  'error' in e
    ? `error ${e.error.contract}#${e.error.code}`
    : typeof e.amount === 'number'
      ? `${e.amount} BLND`
      : `${blnd(BigInt(e.amount))} BLND (${e.amount} stroops)`;

/**
 * Probes `impl` at chosen points and compares with the model. `load`: an estimator is sent the
 * model's state (`load_state`) before each point's requests.
 */
export class ClaimableProbe {
  constructor(
    private readonly impl: Implementation,
    readonly mode: ProbeMode,
    readonly tolerance: Tolerance,
    readonly tally: EstimateTally,
    private readonly stats: Stats,
  ) {}

  /**
   * Ask about `users` on the model's world `w` (after a step); returns the first finding, or
   * undefined when every answer agrees. An answer against the protocol (a missing or extra entry,
   * amounts in the wrong units, an error from an estimator where the model pays is a finding,
   * not this) is an ImplementationFault. `end`: a sequence's end, counted in the tally
   * (`usersWithPositions`, `probedUsers`: `users` are those asked of `withPositions`).
   */
  async probe(w: World, users: readonly Address[], end?: { readonly withPositions: number }): Promise<ClaimFinding | undefined> {
    const queries = users.flatMap((u) => claimableQueries(w, u, this.mode === 'exact' ? MAX_EXPIRATIONS_EXACT : MAX_EXPIRATIONS));
    if (queries.length === 0) return undefined;
    const impl = this.impl;
    if (impl.claimable === undefined) throw new Error('harness bug: probing an implementation without claimable');
    const count = !this.stats.frozen;
    if (count) this.tally.points++;
    if (count && end !== undefined) {
      this.tally.usersWithPositions += end.withPositions;
      this.tally.probedUsers += users.length;
    }
    let loaded: Promise<void> = Promise.resolve();
    if (this.mode !== 'exact') {
      if (impl.loadState === undefined) throw new Error('harness bug: an estimator without load_state');
      loaded = impl.loadState(worldToState(w));
      loaded.catch(() => undefined);
    }
    // every request of the point (the state, then the claims) written at once: one pipe round trip, the replies in order
    const pending = queries.map((q) => impl.claimable!(claimableArgsOf(q)));
    await loaded;
    const replies = await Promise.all(pending);
    if (count) this.tally.requests += queries.length;
    for (let k = 0; k < queries.length; k++) {
      const q = queries[k]!;
      const model = claimable(w, q);
      const r = replies[k]!;
      const where = `claimable(${q.user}, t=${q.timestamp})`;
      if (r.backstop.length !== model.backstop.length || r.pools.length !== model.pools.length)
        throw new ImplementationFault(
          'malformed',
          `${where}: the reply has ${r.backstop.length} backstop and ${r.pools.length} pool entries for the ${model.backstop.length} and ${model.pools.length} asked`,
        );
      for (let i = 0; i < model.backstop.length; i++) {
        const m = model.backstop[i]!;
        const e = r.backstop[i]!;
        if (e.pool !== m.pool)
          throw new ImplementationFault('malformed', `${where}: backstop entry ${i} is for ${e.pool}, asked ${m.pool}`);
        const bs = w.backstops.get(q.backstop!.contract)!;
        const exp = bs.emisData.get(m.pool)?.expiration;
        const f = this.compare(w, q, m, e, {
          contract: q.backstop!.contract,
          pool: m.pool,
          what: `backstop ${q.backstop!.contract} pool ${m.pool}`,
          expiration: q.timestamp === w.now ? undefined : exp,
          fn: 'backstop.claim',
        });
        if (count) this.tally.backstop++;
        if (f !== undefined) return f;
      }
      for (let i = 0; i < model.pools.length; i++) {
        const m = model.pools[i]!;
        const e = r.pools[i]!;
        if (e.pool !== m.pool || e.reserve_token_id !== m.reserveTokenId)
          throw new ImplementationFault(
            'malformed',
            `${where}: pool entry ${i} is for ${e.pool} id ${e.reserve_token_id}, asked ${m.pool} id ${m.reserveTokenId}`,
          );
        const p = w.pools.get(m.pool)!;
        const reserve = p.reserves[Math.floor(m.reserveTokenId / 2)];
        const decimals = reserve === undefined ? undefined : decimalsOf(reserve.scalar);
        const side = m.reserveTokenId % 2 === 1 ? 'b token' : 'd token';
        const f = this.compare(w, q, m, e, {
          contract: m.pool,
          pool: m.pool,
          reserveTokenId: m.reserveTokenId,
          decimals,
          what: `pool ${m.pool} reserve token id ${m.reserveTokenId} (${side}${decimals === undefined ? ', no reserve' : `, ${decimals} decimals`})`,
          expiration: q.timestamp === w.now ? undefined : p.emisData.get(m.reserveTokenId)?.expiration,
          fn: 'pool.claim',
        });
        if (count) {
          this.tally.pools++;
          if (decimals !== undefined) this.tally.byDecimals[String(decimals)] = (this.tally.byDecimals[String(decimals)] ?? 0) + 1;
        }
        if (f !== undefined) return f;
      }
    }
    return undefined;
  }

  /** One entry against the model's answer: a finding, or undefined when they agree. */
  private compare(
    w: World,
    q: ClaimableQuery,
    m: ClaimableAmount,
    e: ClaimableEntry,
    at: {
      contract: Address;
      pool: Address;
      reserveTokenId?: number;
      decimals?: number;
      what: string;
      expiration: bigint | undefined;
      fn: 'backstop.claim' | 'pool.claim';
    },
  ): ClaimFinding | undefined {
    if (!this.stats.frozen) {
      this.tally.compared++;
      if (q.timestamp > w.now) this.tally.future++;
      if (m.ok && m.amount > 0n) this.tally.paying++;
      if (!m.ok) this.tally.reverts++;
    }
    const label = timeLabel(w, q.timestamp, at.expiration);
    const field = `${q.user} ${at.what} at ${q.timestamp} (${label})`;
    const witness = (difference?: string): ClaimWitness => ({
      user: q.user,
      contract: at.contract,
      pool: at.pool,
      ...(at.reserveTokenId !== undefined ? { reserveTokenId: at.reserveTokenId } : {}),
      ...(at.decimals !== undefined ? { decimals: at.decimals } : {}),
      timestamp: q.timestamp.toString(),
      at: label,
      estimate: showEntry(e),
      model: showModel(m),
      ...(difference !== undefined ? { difference } : {}),
    });
    const finding = (kind: ClaimFinding['kind'], difference?: string): ClaimFinding => ({
      kind,
      field,
      model: showModel(m),
      impl: difference === undefined ? showEntry(e) : `${showEntry(e)}, difference ${difference} BLND`,
      rules: rulesOf(at.fn),
      claim: witness(difference),
    });
    const units = 'error' in e ? undefined : typeof e.amount === 'number' ? 'blnd-float' : 'stroops';
    if (units !== undefined && units !== (this.mode === 'exact' ? 'stroops' : this.mode))
      throw new ImplementationFault(
        'malformed',
        `claimable(${q.user}, t=${q.timestamp}) ${at.what}: an amount in ${units === 'stroops' ? 'stroops (a decimal string)' : 'BLND (a number)'}, where the handshake's units are ${this.mode === 'exact' ? 'stroops' : this.mode}`,
      );
    if (this.mode === 'exact') {
      const same =
        'error' in e
          ? !m.ok && m.error.contract === e.error.contract && m.error.code === e.error.code
          : m.ok && BigInt(e.amount as string) === m.amount;
      return same ? undefined : finding('claimable');
    }
    // an estimator
    if (!m.ok) {
      if ('error' in e) return undefined;
      const shown = typeof e.amount === 'number' ? e.amount : Number(e.amount);
      if (shown === 0) {
        if (!this.stats.frozen) this.tally.zeroWhereReverts++;
        return undefined;
      }
      if (m.error.contract === 'Token' && (m.error.code === TOKEN_BALANCE_ERROR || m.error.code === TOKEN_ALLOWANCE_ERROR)) {
        if (!this.stats.frozen) this.tally.unfundedWhereReverts++;
        return undefined;
      }
      return finding('estimate-revert');
    }
    if ('error' in e) return finding('estimate');
    if (typeof e.amount === 'string') {
      const d = BigInt(e.amount) - m.amount;
      return d === 0n ? undefined : finding('estimate', new Decimal(d.toString()).div(SCALAR_7.value.toString()).toFixed());
    }
    if (!Number.isFinite(e.amount)) return finding('estimate', 'not a finite number');
    const diff = estimateDifference(e.amount, m.amount, this.tolerance);
    return diff === undefined ? undefined : finding('estimate', diff);
  }
}

/**
 * A `blnd-float` estimate (BLND, a double) against what the claim pays (`stroops`, BLND stroops):
 * undefined within `tol`, else the difference in BLND (estimate − exact, decimal text). The estimate
 * is taken at its exact binary value, not at its shortest decimal text: an estimate of 6.18e18
 * stroops sits up to half an ulp (~610 stroops) from the text JSON carries, which with the
 * estimator's own two roundings overran 2^-52 (a right estimator reported as a difference).
 */
export function estimateDifference(estimate: number, stroops: bigint, tol: Tolerance): string | undefined {
  const exact = new Decimal(stroops.toString()).div(SCALAR_7.value.toString());
  // toPrecision is exact to its 100 digits (ECMA-262 Number.prototype.toPrecision); a double's value
  // at these magnitudes has fewer significant digits
  const diff = new Decimal(estimate.toPrecision(100)).minus(exact);
  const bound = new Decimal(tol.stroops.toString()).div(SCALAR_7.value.toString()).plus(exact.abs().times(tol.relative.toPrecision(100)));
  return diff.abs().lte(bound) ? undefined : diff.toFixed();
}

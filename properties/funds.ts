/**
 * A pool's backstop funds: `draw` and `donate` move exactly their amount of the pool's tokens and
 * nothing else (no share minted or burnt, the queued shares and the emission records untouched),
 * are accepted exactly when the contracts accept them, and a pool drawn to 0 tokens while shares
 * remain mints no share to a deposit or a claim. Sources: backstop/src/backstop/fund_management.rs,
 * backstop/src/backstop/pool.rs `PoolBalance::convert_to_shares` (v2; v1 the same but for the
 * drained pool, where it divides by zero).
 */
import { BackstopError, CometError, HostError, type ErrorSpec } from '../spec/errors.ts';
import type { ActionName } from '../model/actions.ts';
import type { PoolBalance } from '../model/state.ts';
import { poolBalanceOf, userBalanceOf } from '../model/state.ts';
import { isAcceptedCallOf, isCallOf } from './preconditions.ts';
import { eg, expectRejection, type Property, type Step } from './types.ts';

const FUNDS = ['backstop.draw', 'backstop.donate'] as const satisfies readonly ActionName[];
const INTO_POOL = ['backstop.deposit', 'backstop.claim'] as const satisfies readonly ActionName[];

const pbText = (pb: PoolBalance): string => `{shares ${pb.shares}, tokens ${pb.tokens}, q4w ${pb.q4w}}`;
const drained = (pb: PoolBalance): boolean => pb.tokens === 0n && pb.shares > 0n;

/** Two withdrawal queues with the same entries in the same order. */
const sameQueue = (a: readonly object[], b: readonly object[]): boolean => a.length === b.length && a.every((x, i) => sameRecord(x, b[i]));

/** Two flat records (of bigints, numbers, booleans) equal field by field, or both absent. */
function sameRecord(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/** The pools a deposit or claim step puts LP into that were drained (0 tokens, shares left) before it. */
function drainedPools(s: Step): string[] {
  const b = s.before.backstop;
  if (b === undefined || !isCallOf(s, INTO_POOL)) return [];
  const pools = s.action.fn === 'backstop.deposit' ? [s.action.pool] : s.action.pools;
  return [...new Set(pools)].filter((p) => {
    const r = b.pools.get(p);
    return r !== undefined && drained(r.pb);
  });
}

/** The error a call's own checks raise before it reaches `what`, or undefined when it passes them. */
function sameError(s: Step, e: ErrorSpec): boolean {
  return !s.outcome.ok && s.outcome.error.contract === e.contract && s.outcome.error.code === e.code;
}

export const fundsProperties: readonly Property[] = [
  {
    id: 'BLND-FUNDS-001',
    claim:
      "An accepted draw or donation changes the pool's backstop tokens by exactly its amount (down for a draw, up for a donation) and leaves the pool's shares, its queued shares and its emission records, and the donor's shares, as they were.",
    rules: ['FUNDS-DRAW', 'FUNDS-DONATE'],
    fns: FUNDS,
    applies: (s) => isAcceptedCallOf(s, FUNDS) && s.before.backstop?.pools.get(s.action.pool) !== undefined,
    check: (s) => {
      if (!isCallOf(s, FUNDS)) return null;
      const a = s.action;
      const was = s.before.backstop!.pools.get(a.pool)!;
      const bs = s.world.backstops.get(a.backstop)!;
      const pb = poolBalanceOf(bs, a.pool);
      const want = a.fn === 'backstop.draw' ? was.pb.tokens - a.amount : was.pb.tokens + a.amount;
      const what = (): string => `${a.fn}(${a.pool}, ${a.amount})`;
      if (pb.tokens !== want) return `${what()}: pool tokens ${eg(want, pb.tokens)} (before ${pbText(was.pb)})`;
      if (pb.shares !== was.pb.shares || pb.q4w !== was.pb.q4w) return `${what()}: shares or q4w moved: ${pbText(was.pb)} -> ${pbText(pb)}`;
      if (!sameRecord(bs.emisData.get(a.pool), was.emis))
        return `${what()}: the pool's backstop emission data was written (no emissions update precedes a draw or a donation)`;
      if (bs.rzEmis.get(a.pool) !== undefined && bs.rzEmis.get(a.pool)!.accrued !== was.rz.accrued)
        return `${what()}: the pool's accrued allocation ${eg(was.rz.accrued, bs.rzEmis.get(a.pool)!.accrued)}`;
      if (a.fn === 'backstop.donate') {
        const u = s.before.backstop!.user?.perPool.get(a.pool);
        const ub = userBalanceOf(bs, a.pool, a.from);
        if (u !== undefined && (ub.shares !== u.ub.shares || !sameQueue(ub.q4w, u.ub.q4w)))
          return `${what()}: the donor ${a.from}'s shares or queue moved (${u.ub.shares} -> ${ub.shares})`;
      }
      return null;
    },
  },
  {
    id: 'BLND-FUNDS-002',
    claim:
      "A draw is accepted exactly when 0 <= amount <= the pool's tokens (else NegativeAmountError 8, InsufficientFunds 1003); a donation from the pool itself is refused by the host's auth (its second require_auth, WasmVm#4), else rejected for a negative amount (8), from the backstop itself (BadRequest 1000), and else accepted unless the donor's LP wallet is short (Comet 29) or the pool is unknown to the factory (NotPool 1004).",
    rules: ['FUNDS-NONNEG', 'FUNDS-DRAW', 'FUNDS-DONATE'],
    fns: FUNDS,
    applies: (s) => isCallOf(s, FUNDS) && s.before.backstop?.pools.get(s.action.pool) !== undefined,
    check: (s) => {
      if (!isCallOf(s, FUNDS)) return null;
      const a = s.action;
      const what = (): string => `${a.fn}(${a.pool}, ${a.amount})`;
      // the host refuses the pool's second require_auth before the contract's checks
      if (a.fn === 'backstop.donate' && a.from === a.pool)
        return expectRejection(s, HostError.FrameAlreadyAuthorized, () => `${what()} from the pool`);
      if (a.amount < 0n) return expectRejection(s, BackstopError.NegativeAmountError, what);
      const was = s.before.backstop!.pools.get(a.pool)!.pb;
      if (a.fn === 'backstop.draw') {
        if (a.amount > was.tokens) return expectRejection(s, BackstopError.InsufficientFunds, () => `${what()} over ${was.tokens} tokens`);
        return s.outcome.ok
          ? null
          : `${what()} of ${was.tokens} tokens was rejected with ${s.outcome.error.contract}#${s.outcome.error.code}`;
      }
      if (a.from === a.pool || a.from === a.backstop) return expectRejection(s, BackstopError.BadRequest, () => `${what()} from ${a.from}`);
      if (s.outcome.ok) return null;
      // rejected: only for a short wallet (the world is as before, so its wallet is the one the call saw) or an unknown pool
      const wallet = s.world.lp.get(a.from) ?? 0n;
      if (sameError(s, CometError.ErrInsufficientBalance) && wallet < a.amount) return null;
      if (sameError(s, BackstopError.NotPool) && was.shares === 0n && !s.world.factoryPools.has(a.pool)) return null;
      return `${what()} from ${a.from} (wallet ${wallet}) was rejected with ${s.outcome.error.contract}#${s.outcome.error.code}`;
    },
  },
  {
    id: 'BLND-FUNDS-003',
    claim:
      "A deposit into, or a claim for, a pool drawn to 0 tokens while shares remain mints no share: v2 rejects the deposit with InvalidShareMintAmount (1005) and adds a claim's LP to the pool's tokens for 0 shares; v1 divides by zero (a panic) for both, unless the claim claims nothing.",
    rules: ['FUNDS-DRAINED'],
    fns: INTO_POOL,
    applies: (s) => drainedPools(s).length > 0,
    check: (s) => {
      if (!isCallOf(s, INTO_POOL)) return null;
      const a = s.action;
      const v2 = s.profile.shareConversion === 'v2';
      if (a.fn === 'backstop.deposit') {
        const what = (): string => `deposit(${a.amount}) into drained ${a.pool}`;
        // the checks before the conversion raise their own errors
        if (a.amount < 0n) return expectRejection(s, BackstopError.NegativeAmountError, what);
        if (a.from === a.pool || a.from === a.backstop) return expectRejection(s, BackstopError.BadRequest, what);
        if (sameError(s, CometError.ErrInsufficientBalance) && (s.world.lp.get(a.from) ?? 0n) < a.amount) return null;
        return expectRejection(s, v2 ? BackstopError.InvalidShareMintAmount : HostError.Panic, what);
      }
      const b = s.before.backstop!;
      const bs = s.world.backstops.get(a.backstop)!;
      if (!s.outcome.ok) return null;
      if (!v2 && s.outcome.result !== 0n)
        return `v1 claim of ${s.outcome.result} BLND listing drained ${drainedPools(s).join(', ')} was accepted (v1 divides by zero)`;
      for (const p of drainedPools(s)) {
        const was = b.pools.get(p)!;
        const pb = poolBalanceOf(bs, p);
        if (pb.shares !== was.pb.shares) return `claim minted shares in drained ${p}: ${pbText(was.pb)} -> ${pbText(pb)}`;
        const u = b.user?.perPool.get(p);
        const ub = userBalanceOf(bs, p, a.to);
        if (u !== undefined && a.to === a.from && ub.shares !== u.ub.shares)
          return `claim credited ${a.from} ${ub.shares - u.ub.shares} shares in drained ${p}`;
      }
      return null;
    },
  },
];

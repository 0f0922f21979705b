/** Emitter and drop invariants. */
import { EMISSION_RATE, I128_MAX, I128_MIN, MAX_DROP } from '../spec/constants.ts';
import { EmitterError, HostError, TokenError, type ErrorSpec } from '../spec/errors.ts';
import type { Address } from '../model/state.ts';
import { isCallOf, isAcceptedCallOf, type StepOf } from './preconditions.ts';
import { rulesBefore } from './rule-before.ts';
import { eg, expectRejection, type Property } from './types.ts';

const EM_001_FNS = ['emitter.distribute', 'emitter.swap_backstop', 'advance_time'] as const;
const DISTRIBUTE = ['emitter.distribute'] as const;
const DROP = ['backstop.drop'] as const;
const SWAP = ['emitter.swap_backstop'] as const;
const EMITTER_DROP = ['emitter.drop'] as const;

/**
 * What blend-contracts emitter/src/emitter.rs `execute_drop` answers a `drop(list)` by its current
 * backstop, computed here from the rules: BadDrop (1101) where it dropped before; a panic (WasmVm#6)
 * where the list's running i128 sum overflows; BadDrop where the sum passes the profile's maximum
 * (DROP-MAX, 50M BLND); the BLND token's NegativeAmountError (8) at the first negative entry, or its
 * OverflowError (12) at a balance past i128; else accepted (undefined).
 */
function expectedDrop(s: StepOf<'emitter.drop'>, dropped: boolean, balances: ReadonlyMap<Address, bigint>): ErrorSpec | undefined {
  if (dropped) return EmitterError.BadDrop;
  let total = 0n;
  for (const [, x] of s.action.list) {
    total += x;
    if (total > I128_MAX.value || total < I128_MIN.value) return HostError.Panic;
  }
  if (total > s.profile.maxDrop.value) return EmitterError.BadDrop;
  const held = new Map(balances);
  for (const [to, x] of s.action.list) {
    if (x < 0n) return TokenError.NegativeAmountError;
    const b = (held.get(to) ?? 0n) + x;
    if (b > I128_MAX.value) return TokenError.OverflowError;
    held.set(to, b);
  }
  return undefined;
}
const EMITTER_PAYS = ['emitter.distribute', 'emitter.swap_backstop'] as const;

export const emitterProperties: readonly Property[] = [
  {
    id: 'BLND-EM-001',
    claim: 'Cumulative BLND minted by distribute never exceeds 1 BLND per elapsed second (drops aside).',
    rules: ['EMIT-RATE', 'EMIT-SWAP-FINAL'],
    fns: EM_001_FNS,
    applies: (s) => isCallOf(s, EM_001_FNS),
    check: (s) => {
      const cap = (s.world.now - s.ghost.start) * EMISSION_RATE.value;
      return s.ghost.minted <= cap ? null : `minted ${s.ghost.minted} stroops in ${s.world.now - s.ghost.start}s: over the cap ${cap}`;
    },
  },
  {
    id: 'BLND-EM-002',
    claim: 'A distribute pays the current backstop exactly 1 BLND per second since its last distribution.',
    rules: ['EMIT-RATE'],
    fns: DISTRIBUTE,
    applies: (s) => isAcceptedCallOf(s, DISTRIBUTE),
    check: (s) => {
      if (!isAcceptedCallOf(s, DISTRIBUTE)) return null;
      // the ghost's record of the emitter's last payment to it; the stored one for one from before the run
      const last = s.ghost.emitterAtBefore(s.before.emitterBackstop, true) ?? s.before.lastDistro.get(s.before.emitterBackstop) ?? 0n;
      const expected = (s.before.now - last) * EMISSION_RATE.value;
      return s.outcome.result === expected ? null : `distribute to ${s.before.emitterBackstop}: ${eg(expected, s.outcome.result)} stroops`;
    },
  },
  {
    id: 'BLND-RATE-001',
    claim:
      "After every accepted emitter distribution or backstop swap, the BLND minted by distribute is exactly 1 BLND per second elapsed since the run's start, across swaps (a swap's final distribution included).",
    rules: ['EMIT-RATE', 'EMIT-SWAP-FINAL'],
    fns: EMITTER_PAYS,
    applies: (s) => isAcceptedCallOf(s, EMITTER_PAYS),
    check: (s) => {
      const elapsed = s.before.now - s.ghost.start;
      const expected = elapsed * EMISSION_RATE.value;
      return s.ghost.minted === expected ? null : `minted over ${elapsed}s: ${eg(expected, s.ghost.minted)} stroops`;
    },
  },
  {
    id: 'BLND-DROP-001',
    claim: 'Each backstop drops at most once, and a drop mints at most 50M BLND.',
    rules: ['DROP-ONCE', 'DROP-MAX'],
    fns: DROP,
    applies: (s) => isCallOf(s, DROP),
    check: (s) => {
      for (const [b, d] of s.ghost.drops) {
        if (d.count > 1) return `backstop ${b} dropped ${d.count} times`;
        if (d.total > MAX_DROP.value) return `backstop ${b} dropped ${d.total} stroops, over ${MAX_DROP.value}`;
      }
      return null;
    },
  },
  {
    id: 'BLND-DROP-002',
    claim: 'A second drop by the same backstop is rejected with BadDrop (1101).',
    rules: ['DROP-ONCE'],
    // a backstop that no longer holds its drop list (a v1 backstop's expired temporary entry, as in
    // the mainnet snapshot) panics reading it before it calls the emitter; the protocol state shows
    // such a list as empty, so the rule is checked where the backstop holds a non-empty one
    fns: DROP,
    applies: (s) =>
      isCallOf(s, DROP) &&
      s.before.dropped.has(s.before.emitterBackstop) &&
      s.action.backstop === s.before.emitterBackstop &&
      (s.world.backstops.get(s.action.backstop)?.dropList?.length ?? 0) > 0,
    check: (s) => expectRejection(s, EmitterError.BadDrop, () => `a second drop of ${s.before.emitterBackstop}`),
  },
  {
    id: 'BLND-DROP-004',
    claim:
      "An emitter drop(list) by its current backstop mints exactly each entry to its recipient and marks the backstop dropped when the backstop has not dropped, the list's i128 sum is within 50M BLND and no entry is negative; otherwise it is rejected with the contract's error and mints nothing.",
    rules: ['DROP-MAX', 'DROP-ONCE', 'DROP-AUTH'],
    fns: EMITTER_DROP,
    applies: (s) => isCallOf(s, EMITTER_DROP) && rulesBefore(s)?.emitterDrop !== undefined,
    check: (s) => {
      if (!isCallOf(s, EMITTER_DROP)) return null;
      const rec = rulesBefore(s)?.emitterDrop;
      if (rec === undefined) return null;
      const backstop = s.before.emitterBackstop;
      const expected = expectedDrop(s, rec.dropped, rec.balances);
      const want = new Map(rec.balances);
      if (expected === undefined) for (const [to, x] of s.action.list) want.set(to, (want.get(to) ?? 0n) + x);
      if (expected !== undefined) {
        const bad = expectRejection(s, expected, `a drop of [${s.action.list.map(([to, x]) => `${to}: ${x}`).join(', ')}]`);
        if (bad !== null) return bad;
      } else if (!s.outcome.ok)
        return `a drop within ${MAX_DROP.value} stroops was rejected with ${s.outcome.error.contract}#${s.outcome.error.code} ${s.outcome.error.errorName}`;
      else if (!s.world.emitter.dropped.has(backstop)) return `an accepted drop left ${backstop} not marked dropped`;
      for (const [to, b] of want) {
        const got = s.world.backstops.get(to)?.blnd ?? s.world.blnd.get(to) ?? 0n;
        if (got !== b) return `${to} holds ${eg(b, got)} BLND stroops after the drop (${expected === undefined ? 'accepted' : 'rejected'})`;
      }
      return null;
    },
  },
  {
    id: 'BLND-SWAP-001',
    claim: 'A backstop swap never executes before its 31-day unlock time: it is rejected with SwapNotUnlocked (1104).',
    rules: ['EMIT-SWAP-UNLOCK'],
    fns: SWAP,
    // the unlock time from the ghost's record of the queue (the stored one for a swap queued before the run)
    applies: (s) => {
      if (!isCallOf(s, SWAP)) return false;
      const ghost = s.ghost.swapUnlockAtBefore(s.outcome.ok);
      const unlock = ghost === undefined ? s.before.queuedSwap?.unlockTime : ghost;
      return unlock !== undefined && unlock !== null && unlock > s.before.now;
    },
    check: (s) =>
      expectRejection(
        s,
        EmitterError.SwapNotUnlocked,
        () =>
          `a swap at ${s.before.now}, before its unlock at ${s.ghost.swapUnlockAtBefore(s.outcome.ok) ?? s.before.queuedSwap?.unlockTime},`,
      ),
  },
];

/** Emitter and drop invariants. */
import { EMISSION_RATE, MAX_DROP } from '../spec/constants.ts';
import { EmitterError } from '../spec/errors.ts';
import { isAcceptedCallOf, isCallOf } from './preconditions.ts';
import { eg, expectRejection, type Property } from './types.ts';

const EM_001_FNS = ['emitter.distribute', 'emitter.swap_backstop', 'advance_time'] as const;
const DISTRIBUTE = ['emitter.distribute'] as const;
const DROP = ['backstop.drop'] as const;
const SWAP = ['emitter.swap_backstop'] as const;
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

/**
 * The emitter's backstop-swap queue and the drop's caller: EMIT-SWAP-QUEUE, EMIT-SWAP-ONE,
 * EMIT-SWAP-CANCEL, DROP-AUTH, each checked both ways (rejected with the contract's error where the
 * rule forbids, accepted with its effect where it allows).
 *
 * Whether a swap is queued is read from the emitter's `Swap` before the step (`before.queuedSwap`):
 * the implementation's own record, as no ghost keeps one; the backstop tokens compared are the
 * balances before the step (`before.rules.swap`).
 */
import { SWAP_UNLOCK_TIME } from '../spec/constants.ts';
import { EmitterError, formatError } from '../spec/errors.ts';
import { isCallOf } from './preconditions.ts';
import { rulesBefore } from './rule-before.ts';
import { eg, expectRejection, type Property, type Step, detail, type Detail } from './types.ts';

const QUEUE = ['emitter.queue_swap_backstop'] as const;
const CANCEL = ['emitter.cancel_swap_backstop'] as const;
const DROP = ['backstop.drop'] as const;

/** The queued swap after the step is the one before it, unchanged (null), else a message. */
function swapUnchanged(s: Step, what: Detail): string | null {
  const b = s.before.queuedSwap;
  const a = s.world.emitter.queuedSwap;
  if (b === undefined ? a === undefined : a !== undefined && a.unlockTime === b.unlockTime && a.newBackstop === (b as typeof a).newBackstop)
    return null;
  return `${detail(what)} changed the queued swap: ${b === undefined ? 'none' : `unlock ${b.unlockTime}`} -> ${a === undefined ? 'none' : `${a.newBackstop} unlocking at ${a.unlockTime}`}`;
}

export const swapProperties: readonly Property[] = [
  {
    id: 'BLND-SWAP-002',
    claim:
      'With no swap queued, queue_swap_backstop is accepted, unlocking 31 days later, exactly when the new backstop holds more backstop tokens than the current one; else it is rejected with InsufficientBackstopSize (1100).',
    rules: ['EMIT-SWAP-QUEUE'],
    fns: QUEUE,
    applies: (s) => isCallOf(s, QUEUE) && s.before.queuedSwap === undefined && rulesBefore(s)?.swap !== undefined,
    check: (s) => {
      if (!isCallOf(s, QUEUE)) return null;
      const t = rulesBefore(s)!.swap!;
      const what = (): string =>
        `queue_swap_backstop(${s.action.newBackstop}) holding ${t.candidateTokens} backstop tokens against the current ${t.current}`;
      if (t.candidateTokens <= t.current) {
        return expectRejection(s, EmitterError.InsufficientBackstopSize, what) ?? swapUnchanged(s, what);
      }
      if (!s.outcome.ok)
        return `${what()} was rejected with ${s.outcome.error.contract}#${s.outcome.error.code} ${s.outcome.error.errorName}, expected accepted`;
      const q = s.world.emitter.queuedSwap;
      const unlock = s.before.now + SWAP_UNLOCK_TIME.value;
      if (q === undefined) return `${what()} was accepted but no swap is queued`;
      if (q.newBackstop !== s.action.newBackstop) return `${what()}: queued swap to ${eg(s.action.newBackstop, q.newBackstop)}`;
      if (q.unlockTime !== unlock) return `${what()}: unlock time ${eg(unlock, q.unlockTime)}`;
      return null;
    },
  },
  {
    id: 'BLND-SWAP-003',
    claim: 'While a swap is queued, queue_swap_backstop is rejected with SwapAlreadyExists (1103) and the queued swap stays as it was.',
    rules: ['EMIT-SWAP-ONE', 'EMIT-SWAP-QUEUE'],
    fns: QUEUE,
    applies: (s) => isCallOf(s, QUEUE) && s.before.queuedSwap !== undefined,
    check: (s) => {
      const what = (): string => `queue_swap_backstop while a swap unlocking at ${s.before.queuedSwap?.unlockTime} is queued`;
      return expectRejection(s, EmitterError.SwapAlreadyExists, what) ?? swapUnchanged(s, what);
    },
  },
  {
    id: 'BLND-SWAP-004',
    claim:
      'A queued swap is cancelled (accepted, nothing queued after) exactly when its new backstop no longer holds more backstop tokens than the current one; else cancel_swap_backstop is rejected with SwapCannotBeCanceled (1105) and the swap stays.',
    rules: ['EMIT-SWAP-CANCEL'],
    fns: CANCEL,
    applies: (s) => isCallOf(s, CANCEL) && s.before.queuedSwap !== undefined && rulesBefore(s)?.swap !== undefined,
    check: (s) => {
      const t = rulesBefore(s)!.swap!;
      const what = (): string =>
        `cancel_swap_backstop of a swap to ${t.candidate} holding ${t.candidateTokens} backstop tokens against the current ${t.current}`;
      if (t.candidateTokens > t.current) return expectRejection(s, EmitterError.SwapCannotBeCanceled, what) ?? swapUnchanged(s, what);
      if (!s.outcome.ok)
        return `${what()} was rejected with ${s.outcome.error.contract}#${s.outcome.error.code} ${s.outcome.error.errorName}, expected accepted`;
      const q = s.world.emitter.queuedSwap;
      return q === undefined ? null : `${what()} was accepted but a swap to ${q.newBackstop} is still queued`;
    },
  },
  {
    id: 'BLND-DROP-003',
    claim:
      "Only the emitter's current backstop can drop: a drop by another backstop is rejected with the profile's error (DIV-DROP-AUTH) and mints nothing; the current backstop's drop is never refused as unauthorized.",
    rules: ['DROP-AUTH'],
    fns: DROP,
    // the current backstop's side needs its drop list (without one a v1 backstop panics, WasmVm#6,
    // the same code as the host's auth failure, before it calls the emitter; the protocol state
    // shows a missing list as empty, so a non-empty one is asked for, as BLND-DROP-002 does)
    applies: (s) =>
      isCallOf(s, DROP) &&
      (s.action.backstop !== s.before.emitterBackstop || (s.world.backstops.get(s.action.backstop)?.dropList?.length ?? 0) > 0),
    check: (s) => {
      if (!isCallOf(s, DROP)) return null;
      const auth = s.profile.errors.dropByOtherBackstop;
      if (s.action.backstop === s.before.emitterBackstop) {
        const o = s.outcome;
        return !o.ok && o.error.contract === auth.contract && o.error.code === auth.code
          ? `a drop by the current backstop ${s.action.backstop} was refused as unauthorized (${formatError(auth)})`
          : null;
      }
      const what = (): string => `a drop by ${s.action.backstop}, not the emitter's backstop ${s.before.emitterBackstop},`;
      const r = expectRejection(s, auth, what);
      if (r !== null) return r;
      for (const b of s.world.emitter.dropped) if (!s.before.dropped.has(b)) return `${what()} marked ${b} as dropped`;
      const bs = s.world.backstops.get(s.action.backstop);
      const was = s.before.backstop?.blnd;
      return bs !== undefined && was !== undefined && bs.blnd !== was ? `${what()} changed its BLND ${was} -> ${bs.blnd}` : null;
    },
  },
];

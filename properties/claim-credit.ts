/**
 * What a backstop claim credits: the LP its BLND buys deposited into the claimed pools for the
 * recipient, and the recipient's emissions brought to the pool's index before its shares change.
 * Both are broken by the deployed v1 backstop (spec/known-defects.ts V1-CLAIM-DUP, V1-CLAIM-TO),
 * which the blend-v1 profile reproduces: there they report a known defect, in exactly its condition.
 */
import type { Address } from '../model/state.ts';
import { expectedAccrued, expectedIndex } from './accrual.ts';
import { isAcceptedCallOf } from './preconditions.ts';
import { eg, knownDefect, type Property, type Step } from './types.ts';

const CLAIM = ['backstop.claim'] as const;

/** The claim's event (the LP minted and the BLND claimed), where the step is an accepted backstop claim. */
function claimEvent(s: Step): { readonly lpOut: bigint; readonly claimed: bigint } | undefined {
  if (!s.outcome.ok) return undefined;
  for (const e of s.outcome.events) if (e.topic === 'claim' && e.contract === 'backstop') return e;
  return undefined;
}

/** Who a claim credits the LP to: v1 its `to`, v2 (no recipient) its `from`. */
const recipientOf = (s: Step, from: Address, to: Address): Address => (s.profile.claim === 'to' ? to : from);

export const claimCreditProperties: readonly Property[] = [
  {
    id: 'BLND-CLAIM-004',
    claim:
      "A backstop claim's LP is credited to each claimed pool, floor(lp_out x the BLND claimed in it / the BLND claimed), as the recipient's shares.",
    rules: ['CLAIM-LP'],
    knownDefects: ['V1-CLAIM-DUP'],
    fns: CLAIM,
    applies: (s) => isAcceptedCallOf(s, CLAIM) && (claimEvent(s)?.lpOut ?? 0n) > 0n,
    check: (s) => {
      if (!isAcceptedCallOf(s, CLAIM)) return null;
      const ev = claimEvent(s)!;
      const b = s.before.backstop!;
      const a = s.action;
      const bs = s.world.backstops.get(b.address)!;
      const to = recipientOf(s, a.from, a.to);
      const recipientBefore = to === a.from ? b.user : b.recipient;
      const listings = new Map<Address, number>();
      for (const p of a.pools) listings.set(p, (listings.get(p) ?? 0) + 1);
      let defect: string | undefined;
      for (const pool of listings.keys()) {
        const rec = b.pools.get(pool)!;
        const r = b.user!.perPool.get(pool)!;
        const accrued = rec.emis === undefined ? 0n : expectedAccrued(s.profile, expectedIndex(rec.emis, rec.pb, s.before.now), r.ue, r.ub);
        const expected = (ev.lpOut * accrued) / ev.claimed;
        const pbAfter = bs.poolBalances.get(pool);
        const tokens = (pbAfter?.tokens ?? 0n) - rec.pb.tokens;
        const shares = (pbAfter?.shares ?? 0n) - rec.pb.shares;
        const credited = (bs.userBalances.get(pool)?.get(to)?.shares ?? 0n) - (recipientBefore?.perPool.get(pool)?.ub.shares ?? 0n);
        if (tokens === expected && credited === shares) continue;
        const msg =
          tokens !== expected
            ? `${pool} took ${tokens} of the ${ev.lpOut} LP stroops ${ev.claimed} BLND bought; its ${accrued} BLND claimed buy ${expected} (${eg(expected, tokens)})`
            : `${to} was credited ${credited} shares in ${pool}, which minted ${shares}`;
        // V1-CLAIM-DUP: the second listing overwrites the pool's claim with 0, so it is credited 0
        // (reported once no other pool fails)
        const twice = listings.get(pool)! > 1;
        if (!(twice && tokens === 0n && shares === 0n && credited === 0n)) return msg;
        defect ??= knownDefect('V1-CLAIM-DUP', `${pool} listed twice: ${msg}`);
      }
      return defect ?? null;
    },
  },
  {
    id: 'BLND-CKPT-001',
    claim:
      "A backstop claim brings every user it credits shares to up to the pool's emission index first: no user's shares change on an emission record behind the pool's.",
    rules: ['CLAIM-EXACT'],
    knownDefects: ['V1-CLAIM-TO'],
    fns: CLAIM,
    applies: (s) => isAcceptedCallOf(s, CLAIM),
    check: (s) => {
      if (!isAcceptedCallOf(s, CLAIM)) return null;
      const b = s.before.backstop!;
      const a = s.action;
      const bs = s.world.backstops.get(b.address)!;
      const to = recipientOf(s, a.from, a.to);
      const users = to === a.from ? [b.user!] : [b.user!, b.recipient!];
      let defect: string | undefined;
      for (const pool of new Set(a.pools)) {
        const data = bs.emisData.get(pool);
        if (data === undefined) continue;
        for (const u of users) {
          const before = u.perPool.get(pool)!;
          const after = bs.userBalances.get(pool)?.get(u.address);
          const ue = bs.userEmisData.get(pool)?.get(u.address);
          // `from` is claimed from (its record is brought to the index whatever its shares do)
          if (u.address !== a.from && (after?.shares ?? 0n) === before.ub.shares) continue;
          if (ue !== undefined && ue.index === data.index) continue;
          const msg = `${u.address}'s shares in ${pool} went ${before.ub.shares} -> ${after?.shares ?? 0n} with its emission record ${ue === undefined ? 'absent' : `at index ${ue.index}`}, the pool's index ${data.index}`;
          // V1-CLAIM-TO: v1 credits `to` without updating its emissions (reported once nothing else fails)
          if (u.address !== to || to === a.from) return msg;
          defect ??= knownDefect('V1-CLAIM-TO', msg);
        }
      }
      return defect ?? null;
    },
  },
];

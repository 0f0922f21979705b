/**
 * Validation of a ledger snapshot beyond the decoding of each value (src/world/snapshot/ledger.ts):
 * the header's numbers and the document's outer shape (ajv, schema.ts) before anything is decoded,
 * and the sums across entries once the backstop and the Comet are read.
 */
import type { BackstopState, CometState } from '../../../model/state.ts';
import { checkOuterStructure } from './schema.ts';
import { at, fail, isObj, tokenBalance, U32_MAX, U64_MAX, type Contracts, type Index } from './ledger.ts';

/**
 * The document's shape before its meaning: the ledger's numbers before the schema's types (a
 * timestamp too long for a double is no "non-integer"), then the outer structure. Returns the
 * problem, or undefined.
 */
export function checkDocument(doc: unknown): string | undefined {
  if (isObj(doc)) {
    for (const [key, max, type] of [
      ['timestamp', U64_MAX, 'u64'],
      ['sequence_number', U32_MAX, 'u32'],
      ['protocol_version', U32_MAX, 'u32'],
    ] as const) {
      const v = doc[key];
      if ((typeof v === 'bigint' && (v > max || v < 0n)) || (typeof v === 'number' && Number.isInteger(v) && v > Number(max)))
        return `${key}: ${String(v)} is beyond ${type}`;
    }
  }
  return checkOuterStructure(doc);
}

/**
 * The sums across entries that a ledger of the v1 contracts keeps, each checked where the partial
 * snapshot allows (it holds only some users' records, so a pool's users may sum to less than the
 * pool, never to more). The real mainnet snapshot satisfies each; a failure names the entry:
 * - a pool's queued shares are within its shares (`PoolBalance.q4w <= PoolBalance.shares`);
 * - its users' shares and queued amounts are within the pool's shares, their queued amounts within
 *   the pool's q4w (a pool without a `PoolBalance` is not checked: the partial mainnet snapshot
 *   holds a user's balance in CBVOPI6Q... without that pool's `PoolBalance`);
 * - the backstop's LP balance covers its pools' tokens (where the snapshot holds that balance);
 * - the Comet's `Balance` entries sum to at most its `TotalShares`.
 */
export function checkSums(ix: Index, c: Contracts, bs: BackstopState, comet: CometState): void {
  const B = c.backstop;
  const poolEntries = ix.byAddress(B, 'PoolBalance');
  for (const [pool, e] of poolEntries) {
    const pb = bs.poolBalances.get(pool)!;
    if (pb.q4w > pb.shares) at(e, () => fail(`PoolBalance of ${pool}: q4w ${pb.q4w} is over its shares ${pb.shares}`));
  }
  for (const [pool, users] of bs.userBalances) {
    let shares = 0n;
    let queued = 0n;
    for (const ub of users.values()) {
      shares += ub.shares;
      for (const q of ub.q4w) queued += q.amount;
    }
    const e = poolEntries.get(pool);
    // the partial mainnet snapshot holds a user's balance in CBVOPI6Q... but not that pool's
    // PoolBalance: a pool without one is not checked (the loader reads its balance as empty)
    if (e === undefined) continue;
    const pb = bs.poolBalances.get(pool)!;
    at(e, () => {
      if (shares + queued > pb.shares)
        fail(
          `PoolBalance of ${pool}: its users hold ${shares + queued} shares (${shares} and ${queued} queued), over the pool's ${pb.shares}`,
        );
      if (queued > pb.q4w) fail(`PoolBalance of ${pool}: its users queue ${queued} shares, over the pool's q4w ${pb.q4w}`);
    });
  }
  const lpEntry = ix.byAddress(c.comet, 'Balance').get(B);
  if (lpEntry !== undefined) {
    const tokens = [...bs.poolBalances.values()].reduce((n, pb) => n + pb.tokens, 0n);
    if (bs.lpTokens < tokens)
      at(lpEntry, () => fail(`the backstop holds ${bs.lpTokens} LP tokens, less than its pools' ${tokens} (LP Balance of ${B})`));
  }
  const supplyEntry = ix.one(c.comet, 'TotalShares')!;
  let held = 0n;
  for (const e of ix.byAddress(c.comet, 'Balance').values()) held += at(e, () => tokenBalance(e.val, 'LP Balance'));
  if (held > comet.supply)
    at(supplyEntry, () => fail(`the Comet's Balance entries hold ${held} LP tokens, over its TotalShares ${comet.supply}`));
}

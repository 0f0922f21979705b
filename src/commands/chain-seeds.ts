/**
 * Which pool chain a borrow's or a repay's reserve seed asks for (src/commands/pool.ts `Submit`
 * `chainOf`), defined in one table so that no two chains share a value: bits 16-18 of the seed (a
 * `fc.nat({ max: 2^20 })`, so one seed in 8 per value; a seed under 2^16, what fast-check shrinks
 * towards, asks for none), read only where bits 14-15 ask for no utilisation chain
 * (src/commands/utilisation.ts `utilisationOf`, which reads bits 17-18 too). The seed picks the
 * reserve by its low bits modulo the candidates, so these bits add no draw. Values 0-3 of each
 * request stay the plain request (and bit 16 of a borrow may send it to a disabled reserve:
 * pool.ts `disabledBorrowOf`).
 */
import type { RequestType } from '../../model/pool/positions.ts';
import { utilisationOf } from './utilisation.ts';

/** The seed bits (above these) that choose a chain. */
const SELECT_SHIFT = 16;
/** Three bits: eight values, one seed in 8 for each. */
const VALUES = 8;

/** Each chain's request and its value of bits 16-18. */
export const CHAIN_ASKS = {
  /** src/commands/min-collateral.ts: a position at exactly the pool's minimum collateral. */
  'min-collateral': { request: 'borrow', value: 7 },
  /** src/commands/hf-edge.ts: the smallest borrow the health factor refuses, then one unit less. */
  'hf-edge': { request: 'borrow', value: 6 },
  /** src/commands/supply-cap.ts: one b token past the supply cap, then exactly the cap. */
  'supply-cap': { request: 'borrow', value: 4 },
  /** src/commands/supply-edge.ts: an accrual landing the total supply on k x 2^64 units. */
  'supply-edge': { request: 'repay', value: 7 },
  /** src/commands/interest-edge.ts: an accrual of exactly k x 2^64 units of interest. */
  'interest-edge': { request: 'repay', value: 6 },
  /** src/commands/emission-credit.ts: an emission index step of one, a backstop credit past 2^64. */
  'emission-credit': { request: 'repay', value: 5 },
  /** src/commands/interest-auction.ts: an interest auction created and filled at the blocks' edges. */
  'interest-auction': { request: 'repay', value: 4 },
} as const satisfies Record<string, { readonly request: RequestType; readonly value: number }>;

export type PoolChainName = keyof typeof CHAIN_ASKS;

/** Whether a submit of `request` with this reserve seed asks for `chain`: its request, its value of bits 16-18, and no utilisation chain. */
export function asksFor(chain: PoolChainName, request: RequestType, seed: number): boolean {
  const c = CHAIN_ASKS[chain];
  if (request !== c.request || utilisationOf(seed) !== undefined) return false;
  return ((seed >>> SELECT_SHIFT) & (VALUES - 1)) === c.value;
}

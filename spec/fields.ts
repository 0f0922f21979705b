/**
 * Which spec rules a divergence touches: by the observable-state field that differs (the canonical
 * state of docs/protocol.md) and by the action that was called. Used to name the rule IDs in a
 * `blend-harness check` report.
 */
import type { ActionName } from './actions.ts';

/** [pattern on the dotted field path, rule IDs]; every matching pattern contributes. */
export const FIELD_RULES: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^now$/, []],
  [/^emitter\.last_distro/, ['EMIT-RATE']],
  [/^emitter\.dropped/, ['DROP-ONCE', 'DROP-MAX']],
  [
    /^emitter\.(backstop|backstop_token|queued_swap)/,
    ['EMIT-SWAP-QUEUE', 'EMIT-SWAP-ONE', 'EMIT-SWAP-UNLOCK', 'EMIT-SWAP-CANCEL', 'EMIT-SWAP-FINAL'],
  ],
  [/^backstops\.[^.]+\.backfill_/, ['BF-ACCRUE', 'BF-MAX', 'BF-RESET']],
  [/^backstops\.[^.]+\.reward_zone/, ['RZ-MAX', 'RZ-UNIQUE', 'RZ-THRESHOLD', 'RZ-SWAP', 'RZ-FULL', 'RZ-REMOVE']],
  [/^backstops\.[^.]+\.last_distribution_time/, ['DIST-INTERVAL', 'BF-RESET']],
  [/^backstops\.[^.]+\.(blnd|drop_list)/, ['EMIT-RATE', 'DROP-MAX', 'BF-DROP', 'CLAIM-EXACT']],
  [/^backstops\.[^.]+\.pools\.[^.]+\.rz_emissions/, ['DIST-PRORATA', 'DIST-RZ-ONLY', 'ROUND-FLOOR']],
  [/^backstops\.[^.]+\.pools\.[^.]+\.emission_data/, ['GULP-SPLIT', 'GULP-EPS', 'GULP-CARRY', 'IDX-MONO']],
  [/^backstops\.[^.]+\.pools\.[^.]+\.allowance/, ['GULP-SPLIT']],
  [/^backstops\.[^.]+\.pools\.[^.]+\.balance/, ['Q4W-LOCK', 'CLAIM-LP']],
  [/^backstops\.[^.]+\.pools\.[^.]+\.balance\.(tokens|shares)/, ['FUNDS-DRAW', 'FUNDS-DONATE', 'FUNDS-DRAINED']],
  [/^backstops\.[^.]+\.pools\.[^.]+\.users\.[^.]+\.(shares|q4w)/, ['Q4W-LOCK', 'CLAIM-LP']],
  [/^backstops\.[^.]+\.pools\.[^.]+\.users\.[^.]+\.emission_data/, ['IDX-MONO', 'Q4W-NOEARN', 'CLAIM-EXACT', 'ROUND-FLOOR']],
  [/^backstops\.[^.]+\.lp_tokens/, ['CLAIM-LP']],
  [/^backstops\.[^.]+\.lp_token_val/, ['RZ-THRESHOLD']],
  [/^comet\./, ['CLAIM-LP', 'RZ-THRESHOLD']],
  [/^pools\.[^.]+\.emission_config/, ['POOL-CONFIG']],
  [/^pools\.[^.]+\.(reserves|users\.[^.]+\.(supply|liabilities))/, ['POOL-REQUEST']],
  [/^pools\.[^.]+\.reserve_emission_data/, ['POOL-EPS', 'GULP-POOL-MIN', 'IDX-MONO']],
  [/^pools\.[^.]+\.users\.[^.]+\.emission_data/, ['IDX-MONO', 'POOL-CLAIM', 'ROUND-FLOOR']],
  [/^wallets\.blnd/, ['POOL-CLAIM', 'DROP-MAX', 'BF-CLAIM']],
  [/^wallets\.lp/, ['CLAIM-LP']],
];

/** The rules an entry point is subject to. */
export const ACTION_RULES: Readonly<Record<ActionName, readonly string[]>> = {
  advance_time: [],
  set_lp_price: ['RZ-THRESHOLD'],
  set_oracle_price: [],
  'emitter.distribute': ['EMIT-RATE'],
  'emitter.queue_swap_backstop': ['EMIT-SWAP-QUEUE', 'EMIT-SWAP-ONE'],
  'emitter.cancel_swap_backstop': ['EMIT-SWAP-CANCEL'],
  'emitter.swap_backstop': ['EMIT-SWAP-UNLOCK', 'EMIT-SWAP-FINAL'],
  'emitter.drop': ['DROP-ONCE', 'DROP-MAX', 'DROP-AUTH'],
  'backstop.distribute': ['DIST-INTERVAL', 'DIST-EMPTY-RZ', 'DIST-PRORATA', 'DIST-RZ-ONLY', 'BF-ACCRUE', 'BF-MAX', 'BF-RESET'],
  'backstop.gulp_emissions': ['DIST-INTERVAL', 'DIST-PRORATA', 'GULP-SPLIT', 'GULP-EPS', 'GULP-CARRY', 'GULP-DAILY'],
  'backstop.add_reward': ['RZ-MAX', 'RZ-UNIQUE', 'RZ-THRESHOLD', 'RZ-SWAP', 'RZ-FULL', 'RZ-EDIT-WINDOW'],
  'backstop.remove_reward': ['RZ-REMOVE', 'RZ-EDIT-WINDOW'],
  'backstop.deposit': ['Q4W-NOEARN', 'IDX-MONO'],
  'backstop.queue_withdrawal': ['Q4W-NOEARN', 'Q4W-LOCK'],
  'backstop.dequeue_withdrawal': ['Q4W-NOEARN'],
  'backstop.withdraw': ['Q4W-LOCK'],
  'backstop.claim': ['CLAIM-EXACT', 'CLAIM-LP', 'BF-CLAIM'],
  'backstop.drop': ['DROP-ONCE', 'DROP-MAX', 'DROP-AUTH', 'BF-DROP'],
  'backstop.draw': ['FUNDS-DRAW', 'FUNDS-NONNEG', 'FUNDS-DRAINED', 'DIST-PRORATA'],
  'backstop.donate': ['FUNDS-DONATE', 'FUNDS-NONNEG', 'DIST-PRORATA'],
  'pool.set_emissions_config': ['POOL-CONFIG'],
  'pool.submit': ['POOL-REQUEST', 'IDX-MONO'],
  // the status gates the requests (borrows refused on ice, supplies when frozen)
  'pool.update_status': ['POOL-REQUEST'],
  'pool.gulp_emissions': ['GULP-SPLIT', 'GULP-DAILY', 'GULP-POOL-MIN', 'POOL-EPS'],
  'pool.claim': ['POOL-CLAIM'],
  // the block model moves no emission quantity, nor does an interest auction's creation; its fill
  // donates the filler's LP to the pool's backstop (DIST-PRORATA's pool tokens): its rules come
  // with the first auction rule of spec/rules.ts (next step, docs/architecture.md "Auctions")
  advance_blocks: [],
  'pool.new_auction': [],
  'pool.fill_auction': [],
};

/** The rule IDs of a divergence at `field` (when the state differs) after calling `fn`. */
export function rulesOf(fn: ActionName, field?: string): string[] {
  const out = new Set<string>();
  if (field !== undefined) for (const [re, ids] of FIELD_RULES) if (re.test(field)) ids.forEach((i) => out.add(i));
  for (const id of ACTION_RULES[fn]) out.add(id);
  return [...out];
}

/**
 * The actions the harness drives (their shapes are spec/actions.ts's: the contracts' entry points
 * with their argument names, plus `advance_time` and the Comet LP's composition). Amounts in
 * stroops, times in seconds. `toCall` prints an action in Blend's call syntax with resolved names.
 */
import { FIRST_UNKNOWN_REQUEST_TYPE, type Action } from '../spec/actions.ts';
import type { Address } from './state.ts';

export type { Action, ActionName } from '../spec/actions.ts';
export { ACTION_NAMES } from '../spec/actions.ts';

/** `7_5000000` style: stroops with the 7 decimals marked, as Blend's tests write amounts. */
export function stroops(x: bigint): string {
  const neg = x < 0n;
  const s = (neg ? -x : x).toString().padStart(8, '0');
  const whole = s.slice(0, -7).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
  return `${neg ? '-' : ''}${whole}_${s.slice(-7)}`;
}

/** Blend's call syntax, e.g. `backstop.deposit(from: U1, pool_address: P0, amount: 10_0000000)`. */
export function toCall(a: Action, name: (addr: Address) => string = (x) => x): string {
  const n = name;
  switch (a.fn) {
    case 'advance_time':
      return `advance_time(seconds: ${a.seconds})`;
    case 'advance_blocks':
      return `advance_blocks(blocks: ${a.blocks})`;
    case 'pool.new_auction':
      return `${n(a.pool)}.new_auction(auction_type: ${a.auctionType}, user: ${n(a.user)}, bid: [${a.bid.map(n).join(', ')}], lot: [${a.lot.map(n).join(', ')}], percent: ${a.percent})`;
    case 'pool.fill_auction':
      return `${n(a.pool)}.submit(from: ${n(a.from)}, requests: [fill_auction(auction_type: ${a.auctionType}, user: ${n(a.user)}, percent: ${a.percent})])`;
    case 'set_lp_price':
      return `comet.set_composition(blnd_per_lp: ${stroops(a.blndPerLp)}, usdc_per_lp: ${stroops(a.usdcPerLp)})`;
    case 'set_oracle_price':
      return `oracle.set_price(asset: ${n(a.asset)}, price: ${stroops(a.price)}, timestamp: ${a.timestamp === undefined ? 'None' : a.timestamp})`;
    case 'emitter.distribute':
    case 'emitter.cancel_swap_backstop':
    case 'emitter.swap_backstop':
      return `${a.fn}()`;
    case 'emitter.drop':
      return `emitter.drop(list: [${a.list.map(([to, amt]) => `(${n(to)}, ${stroops(amt)})`).join(', ')}])`;
    case 'emitter.queue_swap_backstop':
      return `emitter.queue_swap_backstop(new_backstop: ${n(a.newBackstop)}, new_backstop_token: ${n(a.newBackstopToken)})`;
    case 'backstop.distribute':
    case 'backstop.gulp_emissions':
    case 'backstop.drop':
      return `${n(a.backstop)}.${a.fn.slice(9)}()`;
    case 'backstop.add_reward':
      return `${n(a.backstop)}.add_reward(to_add: ${n(a.toAdd)}, to_remove: ${a.toRemove === undefined ? 'None' : n(a.toRemove)})`;
    case 'backstop.remove_reward':
      return `${n(a.backstop)}.remove_reward(to_remove: ${n(a.toRemove)})`;
    case 'backstop.deposit':
    case 'backstop.queue_withdrawal':
    case 'backstop.dequeue_withdrawal':
    case 'backstop.withdraw':
      return `${n(a.backstop)}.${a.fn.slice(9)}(from: ${n(a.from)}, pool_address: ${n(a.pool)}, amount: ${stroops(a.amount)})`;
    case 'backstop.claim':
      return `${n(a.backstop)}.claim(from: ${n(a.from)}, pool_addresses: [${a.pools.map(n).join(', ')}], min_lp_tokens_out: ${stroops(a.minLpTokensOut)}${a.to !== a.from ? `, to: ${n(a.to)}` : ''})`;
    case 'backstop.draw':
      return `${n(a.backstop)}.draw(pool_address: ${n(a.pool)}, amount: ${stroops(a.amount)}, to: ${n(a.to)})`;
    case 'backstop.donate':
      return `${n(a.backstop)}.donate(from: ${n(a.from)}, pool_address: ${n(a.pool)}, amount: ${stroops(a.amount)})`;
    case 'pool.set_emissions_config':
      return `${n(a.pool)}.set_emissions_config([${a.metadata.map((m) => `{res_index: ${m.resIndex}, res_type: ${m.resType}, share: ${stroops(m.share)}}`).join(', ')}])`;
    case 'pool.submit':
      return `${n(a.pool)}.${a.withAllowance === true ? 'submit_with_allowance' : 'submit'}(from: ${n(a.from)}, requests: [${[a, ...(a.more ?? [])].map((q) => `${q.request}(${q.request === 'unknown' ? `request_type: ${a.unknownType ?? FIRST_UNKNOWN_REQUEST_TYPE}, ` : ''}reserve: ${q.reserveIndex}, amount: ${stroops(q.amount)})`).join(', ')}])`;
    case 'pool.update_status':
      return `${n(a.pool)}.update_status()`;
    case 'pool.gulp_emissions':
      return `${n(a.pool)}.gulp_emissions()`;
    case 'pool.claim':
      return `${n(a.pool)}.claim(from: ${n(a.from)}, reserve_token_ids: [${a.reserveTokenIds.join(', ')}], to: ${n(a.to)})`;
  }
}

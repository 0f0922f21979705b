/**
 * Blend's call syntax (model/actions.ts), the form every report, counterexample and exported test
 * prints steps in: the contracts' entry points with their argument names as the Rust signatures
 * spell them (blend-contracts-v2 @ ba22b48 backstop/src/contract.rs, emitter/src/contract.rs,
 * pool/src/contract.rs), amounts as Blend's tests write them (`6_4729327`: stroops, the 7 decimals
 * after the last `_`, thousands grouped with `_`).
 */
import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { ACTION_NAMES, stroops, toCall, type Action } from '../../model/actions.ts';

describe('stroops', () => {
  it('is the amount, the 7 decimals after the last _, the whole part grouped by thousands', () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), (x) => {
        const s = stroops(x);
        expect(BigInt(s.replace(/_/g, ''))).toBe(x);
        expect(s).toMatch(/^-?(0|[1-9]\d{0,2}(_\d{3})*)_\d{7}$/);
        expect(s.startsWith('-')).toBe(x < 0n);
      }),
      { numRuns: 500, seed: 20261121 },
    );
  });

  it("Blend's test amounts", () => {
    expect(stroops(6_4729327n)).toBe('6_4729327');
    expect(stroops(10_0000000n)).toBe('10_0000000');
    expect(stroops(50_000_0000000n)).toBe('50_000_0000000');
    expect(stroops(10_000_000_0000000n)).toBe('10_000_000_0000000');
    expect(stroops(999_0000000n)).toBe('999_0000000');
    expect(stroops(1_000_0000000n)).toBe('1_000_0000000');
    expect(stroops(1n)).toBe('0_0000001');
    expect(stroops(0n)).toBe('0_0000000');
    expect(stroops(-2_5000000n)).toBe('-2_5000000');
  });
});

describe('toCall', () => {
  const names = new Map([
    ['backstop', 'B0'],
    ['pool', 'P0'],
    ['pool2', 'P1'],
    ['user', 'U1'],
    ['other', 'U2'],
    ['lp', 'LP1'],
  ]);
  const n = (x: string) => names.get(x) ?? x;
  const CALLS: [Action, string][] = [
    [{ fn: 'advance_time', seconds: 3601n }, 'advance_time(seconds: 3601)'],
    [
      { fn: 'set_lp_price', blndPerLp: 5_0000000n, usdcPerLp: 1000000n },
      'comet.set_composition(blnd_per_lp: 5_0000000, usdc_per_lp: 0_1000000)',
    ],
    [
      { fn: 'set_oracle_price', asset: 'XLM', price: 2_5000000n, timestamp: 86_400n },
      'oracle.set_price(asset: XLM, price: 2_5000000, timestamp: 86400)',
    ],
    [{ fn: 'set_oracle_price', asset: 'XLM', price: 1_0000000n }, 'oracle.set_price(asset: XLM, price: 1_0000000, timestamp: None)'],
    [{ fn: 'emitter.distribute' }, 'emitter.distribute()'],
    [{ fn: 'emitter.cancel_swap_backstop' }, 'emitter.cancel_swap_backstop()'],
    [{ fn: 'emitter.swap_backstop' }, 'emitter.swap_backstop()'],
    [
      {
        fn: 'emitter.drop',
        list: [
          ['user', 50_000_000_0000000n],
          ['other', -1n],
        ],
      },
      'emitter.drop(list: [(U1, 50_000_000_0000000), (U2, -0_0000001)])',
    ],
    [
      { fn: 'emitter.queue_swap_backstop', newBackstop: 'backstop', newBackstopToken: 'lp' },
      'emitter.queue_swap_backstop(new_backstop: B0, new_backstop_token: LP1)',
    ],
    [{ fn: 'backstop.distribute', backstop: 'backstop' }, 'B0.distribute()'],
    [{ fn: 'backstop.gulp_emissions', backstop: 'backstop' }, 'B0.gulp_emissions()'],
    [{ fn: 'backstop.drop', backstop: 'backstop' }, 'B0.drop()'],
    [{ fn: 'backstop.add_reward', backstop: 'backstop', toAdd: 'pool', toRemove: undefined }, 'B0.add_reward(to_add: P0, to_remove: None)'],
    [{ fn: 'backstop.add_reward', backstop: 'backstop', toAdd: 'pool', toRemove: 'pool2' }, 'B0.add_reward(to_add: P0, to_remove: P1)'],
    [{ fn: 'backstop.remove_reward', backstop: 'backstop', toRemove: 'pool2' }, 'B0.remove_reward(to_remove: P1)'],
    [
      { fn: 'backstop.draw', backstop: 'backstop', pool: 'pool', amount: 30_0000000n, to: 'other' },
      'B0.draw(pool_address: P0, amount: 30_0000000, to: U2)',
    ],
    [
      { fn: 'backstop.donate', backstop: 'backstop', from: 'user', pool: 'pool', amount: 25_0000000n },
      'B0.donate(from: U1, pool_address: P0, amount: 25_0000000)',
    ],
    [
      { fn: 'backstop.deposit', backstop: 'backstop', from: 'user', pool: 'pool', amount: 10_0000000n },
      'B0.deposit(from: U1, pool_address: P0, amount: 10_0000000)',
    ],
    [
      { fn: 'backstop.queue_withdrawal', backstop: 'backstop', from: 'user', pool: 'pool', amount: 1n },
      'B0.queue_withdrawal(from: U1, pool_address: P0, amount: 0_0000001)',
    ],
    [
      { fn: 'backstop.dequeue_withdrawal', backstop: 'backstop', from: 'user', pool: 'pool', amount: 2_0000000n },
      'B0.dequeue_withdrawal(from: U1, pool_address: P0, amount: 2_0000000)',
    ],
    [
      { fn: 'backstop.withdraw', backstop: 'backstop', from: 'user', pool: 'pool', amount: 3_0000000n },
      'B0.withdraw(from: U1, pool_address: P0, amount: 3_0000000)',
    ],
    [
      { fn: 'backstop.claim', backstop: 'backstop', from: 'user', pools: ['pool', 'pool2'], minLpTokensOut: 6_4000000n, to: 'user' },
      'B0.claim(from: U1, pool_addresses: [P0, P1], min_lp_tokens_out: 6_4000000)',
    ],
    [
      { fn: 'backstop.claim', backstop: 'backstop', from: 'user', pools: ['pool'], minLpTokensOut: 0n, to: 'other' },
      'B0.claim(from: U1, pool_addresses: [P0], min_lp_tokens_out: 0_0000000, to: U2)',
    ],
    [
      {
        fn: 'pool.set_emissions_config',
        pool: 'pool',
        metadata: [
          { resIndex: 0, resType: 1, share: 5000000n },
          { resIndex: 1, resType: 0, share: 5000000n },
        ],
      },
      'P0.set_emissions_config([{res_index: 0, res_type: 1, share: 0_5000000}, {res_index: 1, res_type: 0, share: 0_5000000}])',
    ],
    [
      { fn: 'pool.submit', pool: 'pool', from: 'user', request: 'borrow', reserveIndex: 1, amount: 7_5000000n },
      'P0.submit(from: U1, requests: [borrow(reserve: 1, amount: 7_5000000)])',
    ],
    [
      {
        fn: 'pool.submit',
        pool: 'pool',
        from: 'user',
        request: 'supply',
        reserveIndex: 0,
        amount: 10_0000000n,
        more: [{ request: 'borrow', reserveIndex: 0, amount: 2_5000000n }],
        withAllowance: true,
      },
      'P0.submit_with_allowance(from: U1, requests: [supply(reserve: 0, amount: 10_0000000), borrow(reserve: 0, amount: 2_5000000)])',
    ],
    [
      { fn: 'pool.submit', pool: 'pool', from: 'user', request: 'unknown', reserveIndex: 1, amount: 1_0000000n, unknownType: 10 },
      'P0.submit(from: U1, requests: [unknown(request_type: 10, reserve: 1, amount: 1_0000000)])',
    ],
    [{ fn: 'advance_blocks', blocks: 201n }, 'advance_blocks(blocks: 201)'],
    [
      { fn: 'pool.new_auction', pool: 'pool', auctionType: 2, user: 'backstop', bid: ['lp'], lot: ['XLM', 'USDC'], percent: 100n },
      'P0.new_auction(auction_type: 2, user: B0, bid: [LP1], lot: [XLM, USDC], percent: 100)',
    ],
    [
      { fn: 'pool.fill_auction', pool: 'pool', from: 'user', auctionType: 2, user: 'backstop', percent: 50n },
      'P0.submit(from: U1, requests: [fill_auction(auction_type: 2, user: B0, percent: 50)])',
    ],
    [{ fn: 'pool.update_status', pool: 'pool' }, 'P0.update_status()'],
    [{ fn: 'pool.gulp_emissions', pool: 'pool' }, 'P0.gulp_emissions()'],
    [
      { fn: 'pool.claim', pool: 'pool', from: 'user', reserveTokenIds: [1, 3], to: 'other' },
      'P0.claim(from: U1, reserve_token_ids: [1, 3], to: U2)',
    ],
  ];

  for (const [a, call] of CALLS) it(call, () => expect(toCall(a, n)).toBe(call));

  it('every action has a case, and without names an address prints as itself', () => {
    expect(new Set(CALLS.map(([a]) => a.fn))).toEqual(new Set(ACTION_NAMES));
    expect(toCall({ fn: 'backstop.deposit', backstop: 'CAO3', from: 'GA1', pool: 'CDVQ', amount: 1_0000000n })).toBe(
      'CAO3.deposit(from: GA1, pool_address: CDVQ, amount: 1_0000000)',
    );
  });
});

/**
 * A request type the contract does not know (`unknown`: 10 or more; the protocol's
 * `pool.submit_unknown_request`), against blend-contracts-v2 @ ba22b48 pool/src/pool/actions.rs
 * `build_actions_from_request` (`require_nonnegative`, `require_action_allowed`, then
 * `RequestType::from_u32`, which maps 0-9 and panics with BadRequest, pool/src/errors.rs 1200, on
 * anything else, before the reserve is loaded): refused with Pool#1200 whatever the reserve and the
 * pool status, after a negative amount's Pool#8, and nothing changes (no accrual stored).
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../../model/world.ts';
import type { Action } from '../../../model/actions.ts';
import { FIRST_UNKNOWN_REQUEST_TYPE } from '../../../spec/actions.ts';
import { POOL_STATUS_FROZEN } from '../../../spec/constants.ts';
import { PROFILE_NAMES, PROFILES } from '../../../spec/profiles.ts';
import { worldToState } from '../../../src/protocol/state.ts';
import { createWorld } from '../../../src/world/create.ts';
import { DEFAULT_START } from '../../../src/run.ts';

const WORLD = { users: 2, pools: 3, start: DEFAULT_START, rewardZoneGap: 1 };
const S7 = 10_000_000n;

const unknown = (reserveIndex: number, amount: bigint, unknownType = FIRST_UNKNOWN_REQUEST_TYPE): Action => ({
  fn: 'pool.submit',
  pool: 'P0',
  from: 'U0',
  request: 'unknown',
  reserveIndex,
  amount,
  unknownType,
});

describe.each(PROFILE_NAMES)('a request type the contract does not know under %s', (name) => {
  it('is refused with BadRequest (Pool#1200) and changes nothing; the same supply as type 0 passes', () => {
    const w = createWorld(PROFILES[name], WORLD);
    expect(apply(w, { fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: 100n * S7 }).ok).toBe(true);
    w.now += 86_400n;
    const before = JSON.stringify(worldToState(w));
    for (const t of [FIRST_UNKNOWN_REQUEST_TYPE, FIRST_UNKNOWN_REQUEST_TYPE + 1, 2 ** 32 - 1]) {
      const o = apply(w, unknown(0, 50n * S7, t));
      expect(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`).toBe('Pool#1200');
      // the reserve's accrual over the day is not stored either
      expect(JSON.stringify(worldToState(w))).toBe(before);
    }
    // before the reserve is loaded: a reserve the pool does not have, and an amount of 0
    for (const a of [unknown(99, 50n * S7), unknown(0, 0n)]) {
      const o = apply(w, a);
      expect(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`).toBe('Pool#1200');
    }
    expect(JSON.stringify(worldToState(w))).toBe(before);
    // the near miss: type 0 of the same reserve and amount (what `request_type <= 10` would run)
    expect(
      apply(w, { fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply_uncollateralized', reserveIndex: 0, amount: 50n * S7 }).ok,
    ).toBe(true);
  });

  it('a negative amount is refused first, by require_nonnegative (the profile error)', () => {
    const w = createWorld(PROFILES[name], WORLD);
    const o = apply(w, unknown(0, -1n));
    const negative = PROFILES[name].errors.negativeRequest;
    expect(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`).toBe(
      negative === null ? 'Pool#1200' : `${negative.contract}#${negative.code}`,
    );
  });
});

it('a frozen pool lets the unknown type through require_action_allowed to BadRequest (a supply there: InvalidPoolStatus)', () => {
  const w = createWorld(PROFILES['blend-v2'], WORLD);
  w.pools.get('P0')!.status = Number(POOL_STATUS_FROZEN.value);
  const o = apply(w, unknown(0, S7));
  expect(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`).toBe('Pool#1200');
  const s = apply(w, { fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'supply', reserveIndex: 0, amount: S7 });
  expect(s.ok ? 'ok' : `${s.error.contract}#${s.error.code}`).toBe('Pool#1206');
});

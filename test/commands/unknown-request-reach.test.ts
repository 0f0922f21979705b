/**
 * A submit of a request type the contract does not know (the pool mutant `func122 +421 lt->le`:
 * `build_actions_from_request`'s `request_type < 10` before the request match; the mutant sends type
 * 10 to the type-0 arm, a supply without collateral, where the contract answers BadRequest,
 * Pool#1200). One supply seed in 16 (reserve seed bits 18-19 and 12-13) sends an unknown type: 10,
 * or with bit 11 the largest u32 (src/commands/pool.ts `unknownRequestOf`), as the protocol's
 * `pool.submit_unknown_request`, only to an implementation that announces it; counted in a default
 * run (src/commands/reach.ts).
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Submit, unknownRequestOf } from '../../src/commands/pool.ts';
import { commandArbs } from '../../src/commands/index.ts';
import type { BlendCommand } from '../../src/commands/base.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { actionToRequest, protocolActionsOf, PROTOCOL_ACTIONS, requestToAction } from '../../src/protocol/messages.ts';
import { validateRequest } from '../../src/protocol/validate.ts';
import { DEFAULT_START } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { FIRST_UNKNOWN_REQUEST_TYPE } from '../../spec/actions.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { expectReachedMoreThanOnce } from './reach-run.ts';

const WORLD = { users: 4, pools: 5, start: DEFAULT_START, rewardZoneGap: 1 };
const ASK = (3 << 18) | (3 << 12);

describe('a request type the contract does not know', () => {
  it('bits 18-19 and 12-13 of a supply reserve seed ask for it: type 10, with bit 11 the largest u32', () => {
    expect(unknownRequestOf('supply', ASK)).toBe(FIRST_UNKNOWN_REQUEST_TYPE);
    expect(unknownRequestOf('supply', ASK | (1 << 11) | 5)).toBe(2 ** 32 - 1);
    // one bit short, another request, a seed under 2^18 (what fast-check shrinks towards): none
    for (const seed of [ASK & ~(1 << 19), ASK & ~(1 << 18), ASK & ~(1 << 13), ASK & ~(1 << 12), (1 << 18) - 1])
      expect(unknownRequestOf('supply', seed)).toBeUndefined();
    for (const r of ['withdraw', 'borrow', 'repay', 'supply_uncollateralized'] as const) expect(unknownRequestOf(r, ASK)).toBeUndefined();
    // one supply seed in 16 of the generator's range (fc.nat({ max: 2^20 }))
    let n = 0;
    for (let s = 0; s <= 1 << 20; s++) if (unknownRequestOf('supply', s) !== undefined) n++;
    expect(n).toBe(2 ** 16);
  });

  it('a supply with it resolves alone (no chain, no second request) and goes as pool.submit_unknown_request, schema-valid, both ways', () => {
    const h = new Harness(createWorld(PROFILES['blend-v2'], WORLD), [], new Stats());
    // user seed bits 15-19 of 31 would ask for the same request again; the high-half bits 14-15 for a chain
    for (const [reserveSeed, type] of [
      [ASK, FIRST_UNKNOWN_REQUEST_TYPE],
      [ASK | (3 << 14) | (1 << 11), 2 ** 32 - 1],
    ] as const) {
      const c = new Submit(0, 31 << 15, 'supply', reserveSeed, 5_0000000n);
      expect(c.submitted).toBe('unknown');
      const as = [...c.actions(h)];
      expect(as).toHaveLength(1);
      const a = as[0]!;
      expect(a).toMatchObject({ fn: 'pool.submit', request: 'unknown', unknownType: type, amount: 5_0000000n });
      expect(a).not.toHaveProperty('more');
      const req = { id: 1, ...actionToRequest(a) };
      expect(req.action).toBe('pool.submit_unknown_request');
      expect(req.args).toMatchObject({ request_type: type });
      expect(validateRequest(req)).toBe(true);
      expect(requestToAction(req.action, JSON.parse(JSON.stringify(req.args)))).toEqual(a);
      // where the implementation does not announce it: the supply as it was
      expect(new Submit(0, 0, 'supply', reserveSeed, 5_0000000n, true, true, true, false).submitted).not.toBe('unknown');
    }
    // the schema takes no known type
    const known = {
      id: 1,
      ...actionToRequest({ fn: 'pool.submit', pool: 'P0', from: 'U0', request: 'unknown', reserveIndex: 0, amount: 1n, unknownType: 9 }),
    };
    expect(validateRequest(known)).toBe(false);
  });

  it('is generated only where the implementation announces pool.submit_unknown_request', () => {
    const profile = PROFILES['blend-v2'];
    const sent = (supports?: (fn: string) => boolean): number => {
      const seqs = fc.sample(fc.commands(commandArbs(profile, supports), { maxCommands: 80, size: 'max' }), { seed: 3, numRuns: 60 });
      let n = 0;
      for (const cmds of seqs) {
        const h = new Harness(createWorld(profile, WORLD), [], new Stats());
        for (const c of cmds) {
          const a = ((c as unknown as { cmd: BlendCommand }).cmd ?? c).bind(h);
          if (actionToRequest(a).action === 'pool.submit_unknown_request') n++;
          h.step(a);
        }
      }
      return n;
    };
    const all = new Set<string>(PROTOCOL_ACTIONS);
    expect(sent((fn) => protocolActionsOf(fn as never).every((x) => all.has(x)))).toBeGreaterThan(0);
    all.delete('pool.submit_unknown_request');
    expect(sent((fn) => protocolActionsOf(fn as never).every((x) => all.has(x)))).toBe(0);
  });

  it('a default blend-v2 run submits type 10 and has it refused (BadRequest) more than once', () => {
    expectReachedMoreThanOnce(['request-type: a submit of request type 10, the first the contract does not know, refused (BadRequest)']);
  }, 300_000);
});

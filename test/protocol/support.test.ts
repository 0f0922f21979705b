/**
 * What the harness generates for an implementation that announces only some actions: `pool.submit`
 * with the request types announced (a driver can leave out borrow and repay alone), every other
 * action only where all its protocol actions are announced; with everything announced, the
 * sequences are the same as without a filter.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import type { BlendCommand } from '../../src/commands/base.ts';
import { commandArbs, type Supports } from '../../src/commands/index.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { actionToRequest, protocolActionsOf, PROTOCOL_ACTIONS, type ProtocolAction } from '../../src/protocol/messages.ts';
import { DEFAULT_START } from '../../src/run.ts';
import type { WorldConfig } from '../../src/world/create.ts';

const profile = PROFILES['blend-v2'];
const WORLD = { users: 4, pools: 5, start: DEFAULT_START, rewardZoneGap: 1 };

/** The protocol actions of the generated sequences (seed 11), each resolved on a fresh world. */
function generated(
  supports?: Supports,
  world: typeof WORLD & { secondReserve?: boolean } = WORLD,
): { actions: Set<string>; calls: string[] } {
  const seqs = fc.sample(fc.commands(commandArbs(profile, supports), { maxCommands: 80, size: 'max' }), { seed: 11, numRuns: 40 });
  const actions = new Set<string>();
  const calls: string[] = [];
  for (const cmds of seqs) {
    const h = new Harness(createWorld(profile, WORLD), [], new Stats());
    for (const c of cmds) {
      const a: Action = ((c as unknown as { cmd: BlendCommand }).cmd ?? c).bind(h);
      actions.add(actionToRequest(a).action);
      calls.push(JSON.stringify(actionToRequest(a)));
      h.step(a);
    }
  }
  return { actions, calls };
}

/** The protocol actions of the generated sequences (seed 11) in `world`, every action of a command's chain (`actions`). */
function generatedWithChains(supports: Supports | undefined, world: WorldConfig, numRuns: number): Set<string> {
  const seqs = fc.sample(fc.commands(commandArbs(profile, supports), { maxCommands: 80, size: 'max' }), { seed: 11, numRuns });
  const actions = new Set<string>();
  for (const cmds of seqs) {
    const h = new Harness(createWorld(profile, world), [], new Stats());
    for (const c of cmds)
      for (const a of ((c as unknown as { cmd: BlendCommand }).cmd ?? (c as unknown as BlendCommand)).actions(h)) {
        actions.add(actionToRequest(a).action);
        h.step(a);
      }
  }
  return actions;
}

const announcing = (list: readonly ProtocolAction[]): Supports => {
  const set = new Set<string>(list);
  return (fn) => protocolActionsOf(fn).every((x) => set.has(x));
};

describe("the chains' own actions", () => {
  // the interest-auction chain runs in a world with a disabled reserve only
  const SECOND = { ...WORLD, secondReserve: true };
  const AUCTION = ['advance_blocks', 'pool.new_auction', 'pool.fill_auction'] as const;
  // enough sequences that a repay asks for the chain (one repay in 8 or so)
  const RUNS = 200;
  it('the auctions only where the implementation announces them; the oracle only where it announces oracle.set_price', () => {
    const all = generatedWithChains(undefined, SECOND, RUNS);
    for (const a of [...AUCTION, 'oracle.set_price']) expect(all.has(a), a).toBe(true);
    const noAuctions = generatedWithChains(
      announcing(PROTOCOL_ACTIONS.filter((a) => !(AUCTION as readonly string[]).includes(a))),
      SECOND,
      RUNS,
    );
    for (const a of AUCTION) expect(noAuctions.has(a), a).toBe(false);
    expect(noAuctions.has('oracle.set_price')).toBe(true);
    const noOracle = generatedWithChains(announcing(PROTOCOL_ACTIONS.filter((a) => a !== 'oracle.set_price')), SECOND, RUNS);
    expect(noOracle.has('oracle.set_price')).toBe(false);
  });
});

describe('per-request-type support', () => {
  it('without borrow and repay, pool.submit still supplies and withdraws, and never borrows or repays', () => {
    const { actions } = generated(announcing(PROTOCOL_ACTIONS.filter((a) => a !== 'pool.borrow' && a !== 'pool.repay')));
    expect(actions.has('pool.supply')).toBe(true);
    expect(actions.has('pool.withdraw')).toBe(true);
    expect(actions.has('pool.borrow')).toBe(false);
    expect(actions.has('pool.repay')).toBe(false);
    expect(actions.has('pool.claim')).toBe(true);
  });

  it('with only pool.borrow of the four, only borrows', () => {
    const { actions } = generated(
      announcing(PROTOCOL_ACTIONS.filter((a) => a !== 'pool.supply' && a !== 'pool.withdraw' && a !== 'pool.repay')),
    );
    expect([...actions].filter((a) => a.startsWith('pool.') && ['supply', 'withdraw', 'borrow', 'repay'].includes(a.slice(5)))).toEqual([
      'pool.borrow',
    ]);
  });

  it('without any of the four, no pool.submit; other actions need all their protocol actions', () => {
    const { actions } = generated(
      announcing(
        PROTOCOL_ACTIONS.filter((a) => !['pool.supply', 'pool.withdraw', 'pool.borrow', 'pool.repay', 'comet.set_composition'].includes(a)),
      ),
    );
    for (const a of ['pool.supply', 'pool.withdraw', 'pool.borrow', 'pool.repay', 'comet.set_composition'])
      expect(actions.has(a)).toBe(false);
    expect(actions.has('pool.gulp_emissions')).toBe(true);
  });

  it('with every action announced, the same sequences as with no filter', () => {
    expect(generated(announcing(PROTOCOL_ACTIONS)).calls).toEqual(generated().calls);
  });
});

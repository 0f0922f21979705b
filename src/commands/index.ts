/** The command arbitraries for a profile: every action, weighted towards the emission flow. */
import * as fc from 'fast-check';
import type { ActionName } from '../../model/actions.ts';
import { protocolActionsOf, type ProtocolAction } from '../protocol/messages.ts';
import type { Profile } from '../../spec/profiles.ts';
import type { Harness } from '../harness/harness.ts';
import { backstopDistributionOf } from '../../properties/preconditions.ts';
import { backstopArbs } from './backstop.ts';
import { backstopFundArbs } from './backstop-funds.ts';
import { emitterArbs } from './emitter.ts';
import { REQUEST_TYPES, poolArbs } from './pool.ts';
import { advanceTimeArb, advanceToDeadlineArb } from './time.ts';
import { scenarioEntry } from './scenario.ts';
import { poolDeepFns } from './pool-deep.ts';

type Arb = fc.Arbitrary<fc.Command<Harness, Harness>>;

/** One kind of command: its weight and the actions it can resolve to. */
export interface CommandEntry {
  readonly weight: number;
  readonly fns: readonly ActionName[];
  readonly arbitrary: Arb;
  /** The entry for an implementation that supports only some actions (default: kept whole or dropped by `fns`). */
  readonly narrow?: (supports: Supports) => CommandEntry | undefined;
}

export function commandEntries(profile: Profile): CommandEntry[] {
  const e = (weight: number, fns: ActionName[], arbitrary: Arb): CommandEntry => ({ weight, fns, arbitrary });
  const list = [
    e(4, ['advance_time'], advanceTimeArb),
    e(3, ['advance_time'], advanceToDeadlineArb),
    e(4, ['advance_time', 'emitter.distribute'], emitterArbs.distribute),
    e(4, [backstopDistributionOf(profile)], backstopArbs.distribute),
    e(6, ['backstop.deposit'], backstopArbs.deposit),
    e(3, ['backstop.queue_withdrawal'], backstopArbs.queue),
    e(2, ['backstop.dequeue_withdrawal'], backstopArbs.dequeue),
    e(2, ['backstop.withdraw'], backstopArbs.withdraw),
    e(4, ['backstop.add_reward'], backstopArbs.addReward),
    e(3, ['backstop.claim'], backstopArbs.claim),
    e(1, ['emitter.queue_swap_backstop'], emitterArbs.queueSwap),
    e(1, ['emitter.cancel_swap_backstop'], emitterArbs.cancelSwap),
    e(1, ['emitter.swap_backstop'], emitterArbs.swap),
    e(1, ['backstop.drop'], emitterArbs.drop),
    e(1, ['emitter.drop'], emitterArbs.dropList),
    e(1, ['set_lp_price'], emitterArbs.lpPrice),
    e(2, ['pool.set_emissions_config'], poolArbs.config),
    e(4, ['pool.submit'], poolArbs.submit),
    e(3, ['pool.gulp_emissions'], profile.flow === 'v2' ? poolArbs.gulp : poolArbs.gulpOnly),
    e(2, ['pool.claim'], poolArbs.claim),
    e(1, ['backstop.draw'], backstopFundArbs.draw),
    e(1, ['backstop.donate'], backstopFundArbs.donate),
  ];
  if (profile.hasRemoveReward) list.push(e(1, ['backstop.remove_reward'], backstopArbs.removeReward));
  // scenario commands: a short chain of actions each, to the boundaries random sequences rarely reach (src/commands/scenario.ts)
  list.push({ ...scenarioEntry(profile)!, narrow: (s) => scenarioEntry(profile, (fn) => protocolActionsOf(fn).every(s)) });
  return list;
}

/** Which actions an implementation supports: asked of protocol actions (`pool.borrow`) and of the model's (`set_lp_price`). */
export type Supports = (fn: ActionName | ProtocolAction) => boolean;

/**
 * The command arbitrary for `fc.commands`, only of the actions `supports` accepts (all by default):
 * one weighted `fc.oneof`, as `fc.commands` itself picks uniformly among the arbitraries it is given.
 * An entry is kept when every protocol action of its actions is supported; `pool.submit` is kept
 * with the request types supported (`pool.supply`, `pool.withdraw`, `pool.borrow`, `pool.repay`),
 * its weight shared out by request type, so that a driver can leave out borrowing alone.
 */
export function commandArbs(profile: Profile, supports: Supports = () => true): Arb[] {
  const entries: { weight: number; arbitrary: Arb }[] = [];
  for (const c of commandEntries(profile)) {
    if (c.narrow !== undefined) {
      const n = c.narrow(supports);
      if (n !== undefined) entries.push(n);
      continue;
    }
    if (c.fns.length === 1 && c.fns[0] === 'pool.submit') {
      const types = REQUEST_TYPES.filter((r) => supports(`pool.${r}`));
      const plain = supports('pool.supply_uncollateralized') && supports('pool.withdraw_uncollateralized');
      const unknown = supports('pool.submit_unknown_request');
      const prices = supports('oracle.set_price');
      const auctions = supports('advance_blocks') && supports('pool.new_auction') && supports('pool.fill_auction');
      if (types.length === REQUEST_TYPES.length && supports('pool.submit_requests') && plain && unknown && prices && auctions)
        entries.push(c);
      else if (types.length === REQUEST_TYPES.length)
        entries.push({
          weight: c.weight,
          arbitrary: poolArbs.submitOf(types, supports('pool.submit_requests'), plain, unknown, prices, auctions),
        });
      else if (types.length > 0)
        entries.push({
          weight: Math.max(1, Math.round((c.weight * types.length) / REQUEST_TYPES.length)),
          arbitrary: poolArbs.submitOf(types, true, plain, unknown, prices, auctions),
        });
      continue;
    }
    if (
      c.fns.length === 1 &&
      c.fns[0] === 'pool.gulp_emissions' &&
      supports('pool.gulp_emissions') &&
      supports('pool.update_status') &&
      profile.flow === 'v2' &&
      !(supports('pool.supply') && supports('pool.supply_uncollateralized'))
    ) {
      // the supply after an update_status only of the kinds the implementation announces
      entries.push({ weight: c.weight, arbitrary: poolArbs.gulpFollowing(supports('pool.supply') ? 'collateral' : 'none') });
      continue;
    }
    if (c.fns.length === 1 && c.fns[0] === 'pool.gulp_emissions' && supports('pool.gulp_emissions') && !supports('pool.update_status')) {
      // gulps whose seeds would ask for update_status stay gulps
      entries.push({ weight: c.weight, arbitrary: poolArbs.gulpOnly });
      continue;
    }
    if (c.fns.length === 1 && c.fns[0] === 'pool.claim') {
      // claims whose seeds may ask for the pool deep-time chain only where every action of it is announced
      if (supports('pool.claim'))
        entries.push(poolDeepFns(profile).every(supports) ? c : { weight: c.weight, arbitrary: poolArbs.claimOnly });
      continue;
    }
    if (c.fns.every((fn) => protocolActionsOf(fn).every(supports))) entries.push(c);
  }
  return [fc.oneof(...entries.map((c) => ({ weight: c.weight, arbitrary: c.arbitrary })))];
}

/** The command arbitrary for a profile: every action, weighted towards the emission flow. */
import * as fc from 'fast-check';
import type { Profile } from '../../spec/profiles.ts';
import type { Harness } from '../harness/harness.ts';
import { backstopArbs } from './backstop.ts';
import { emitterArbs } from './emitter.ts';
import { poolArbs } from './pool.ts';
import { advanceTimeArb } from './time.ts';

export function commandArbs(profile: Profile): fc.Arbitrary<fc.Command<Harness, Harness>>[] {
  const w = (weight: number, arbitrary: fc.Arbitrary<fc.Command<Harness, Harness>>) => fc.oneof({ weight, arbitrary });
  const list = [
    w(6, advanceTimeArb),
    w(4, emitterArbs.distribute),
    w(4, backstopArbs.distribute),
    w(6, backstopArbs.deposit),
    w(3, backstopArbs.queue),
    w(2, backstopArbs.dequeue),
    w(2, backstopArbs.withdraw),
    w(4, backstopArbs.addReward),
    w(3, backstopArbs.claim),
    w(1, emitterArbs.queueSwap),
    w(1, emitterArbs.cancelSwap),
    w(1, emitterArbs.swap),
    w(1, emitterArbs.drop),
    w(1, emitterArbs.lpPrice),
    w(2, poolArbs.config),
    w(4, poolArbs.submit),
    w(3, poolArbs.gulp),
    w(2, poolArbs.claim),
  ];
  if (profile.hasRemoveReward) list.push(w(1, backstopArbs.removeReward));
  return list;
}

/**
 * The q4w entry limit (issue 19's backstop mutant `queue_withdrawal +207 gt->ge`: `len > 19` made
 * `len >= 19`, refusing the 20th entry): one queue seed in 16 (user seed bits 16-19 all set,
 * src/commands/backstop.ts `fillsQ4w`) fills the user's q4w to the profile's maximum (20 in v2,
 * backstop/src/constants.rs MAX_Q4W_SIZE; 21 in v1) with queues of 1 share, queues one more
 * (refused, TooManyQ4WEntries 1007) and dequeues what it added. Counted by src/commands/reach.ts.
 */
import { describe, expect, it } from 'vitest';
import { ReachCounter } from '../../src/commands/reach.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { PROFILES, type Profile } from '../../spec/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { WithdrawalStep, fillsQ4w } from '../../src/commands/backstop.ts';
import { poolList } from '../../src/commands/base.ts';
import { userBalanceOf } from '../../model/state.ts';
import { expectReached } from './reach-run.ts';

/** A user seed with bits 16-19 set that picks the world's user `i` (of 10) and not the whale (bit 15 clear). */
const fillSeed = (i: number): number => {
  let s = 0xf0000;
  while (s % 10 !== i) s++;
  return s;
};

const run = (profile: Profile, fill: boolean) => {
  const counter = new ReachCounter();
  const h = new Harness(createWorld(profile, DEFAULT_WORLD), PROPERTIES, new Stats(), counter.apply);
  const w = h.world;
  const pool = poolList(w)[0]!;
  const backstop = w.pools.get(pool)!.backstop;
  const from = w.users[3]!;
  expect(h.step({ fn: 'backstop.deposit', backstop, from, pool, amount: 1_000_0000000n }).ok).toBe(true);
  const seed = fill ? fillSeed(3) : 3;
  expect(fillsQ4w(seed)).toBe(fill);
  const step = new WithdrawalStep('backstop.queue_withdrawal', seed, 0, 100);
  // each action stepped before the next is drawn (the tail reads the world the step left)
  const actions = [];
  const outcomes = [];
  for (const a of step.actions(h)) {
    actions.push(a);
    outcomes.push(h.step(a));
  }
  const q4w = userBalanceOf(w.backstops.get(backstop)!, pool, from).q4w;
  return { counter, actions, outcomes, q4w, step };
};

describe('the q4w fill tail', () => {
  it('v2: fills the q4w to 20 entries, refuses the 21st, dequeues what it added', () => {
    const { counter, actions, outcomes, q4w, step } = run(PROFILES['blend-v2'], true);
    // the step's own queue, 19 queues of 1 share, the refused one, the dequeue of 19
    expect(actions.length).toBe(1 + 19 + 1 + 1);
    expect(outcomes.filter((o) => !o.ok).length).toBe(1);
    expect(outcomes[20]!.ok).toBe(false);
    expect(counter.count('q4w-max: the last entry the limit allows accepted')).toBe(1);
    expect(counter.count('q4w-max: one entry past the limit refused')).toBe(1);
    expect(q4w.length).toBe(1);
    expect(step.toString()).toContain('dequeue_withdrawal');
  });
  it('v1: to its 21 entries', () => {
    const { counter, actions } = run(PROFILES['blend-v1'], true);
    expect(actions.length).toBe(1 + 20 + 1 + 1);
    expect(counter.count('q4w-max: the last entry the limit allows accepted')).toBe(1);
    expect(counter.count('q4w-max: one entry past the limit refused')).toBe(1);
  });
  it('a queue seed without bits 16-19 set queues once', () => {
    const { counter, actions } = run(PROFILES['blend-v2'], false);
    expect(actions.length).toBe(1);
    expect(counter.count('q4w-max: one entry past the limit refused')).toBe(0);
  });
  it('the default blend-v2 run reaches both sides of the limit more than once', () => {
    expectReached(['q4w-max: the last entry the limit allows accepted', 'q4w-max: one entry past the limit refused'], 1);
  }, 180_000);
});

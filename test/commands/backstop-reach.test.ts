/**
 * The backstop boundary that issue 19's mutants of the bundled backstop showed unreached
 * (docs/usage.md, `mutate`): the pool's backstop index brought up while every share of the pool is
 * queued for withdrawal, time having passed (backstop `update_emission_data`: non-queued shares =
 * shares - q4w = 0, so v2 forfeits those seconds' emissions; Q4W-NOEARN). The queue-all chain
 * (src/commands/scenario.ts) waits 1 to 32 s before its dequeues three times in four; the step is
 * counted in a default run (src/commands/reach.ts), and shows as the model's `forfeit` event.
 */
import { describe, it } from 'vitest';
import { expectReachedMoreThanOnce } from './reach-run.ts';

describe('the backstop boundaries mutation testing needs', () => {
  it('a default blend-v2 run brings an index up over every share queued more than once', () => {
    expectReachedMoreThanOnce(['all-queued: index update with every share queued (emissions forfeited)']);
  }, 180_000);
});

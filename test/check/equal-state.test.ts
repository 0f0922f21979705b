/**
 * Lockstep's equal-state path (src/check/lockstep.ts): a state reply that is the model's canonical
 * state text byte for byte is taken as the model's state, unparsed. It must decide exactly what the
 * full reading decides: the same verdict, steps and per-invariant check counts on the
 * implementation's state; a state that differs is still read and caught; `fullStateEvery` reads
 * in full as often as asked; and over the protocol the reference model's replies take the path.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { apply } from '../../model/world.ts';
import type { World } from '../../model/state.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { runCheck } from '../../src/check/check.ts';
import { InProcessImplementation, type Implementation } from '../../src/check/implementation.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { MODEL_IMPL_COMMAND } from '../../src/cli/main.ts';

/** The reference model in process, read in full at every step (no stateUnlessEqual). */
function fullReading(): Implementation {
  const m = new InProcessImplementation();
  return {
    handshake: (p) => m.handshake(p),
    init: (p, w) => m.init(p, w),
    call: (a) => m.call(a),
    state: () => m.state(),
    close: () => m.close(),
  };
}

/** Counts the state requests answered EQUAL and in full. */
class Counting extends InProcessImplementation {
  equal = 0;
  full = 0;
  override async state() {
    this.full++;
    return super.state();
  }
  override async stateUnlessEqual(text: string) {
    const r = await super.stateUnlessEqual(text);
    if (r === 'equal') this.equal++;
    else this.full++;
    return r;
  }
}

describe('the equal-state path', () => {
  for (const name of ['documented', 'blend-v1', 'blend-v2'] as const) {
    it(`${name}: the same verdict, steps and invariant checks on the implementation's state as reading it in full`, async () => {
      const fast = await runCheck({ profile: PROFILES[name], runs: 60, steps: 50, seed: 9, impl: new InProcessImplementation() });
      const slow = await runCheck({ profile: PROFILES[name], runs: 60, steps: 50, seed: 9, impl: fullReading() });
      expect(fast.verdict).toBe('pass');
      expect(slow.verdict).toBe('pass');
      expect(fast.totalSteps).toBe(slow.totalSteps);
      expect(fast.implChecks).toEqual(slow.implChecks);
      expect(fast.implChecks.some((c) => c.checks > 0)).toBe(true);
    });
  }

  it("a state that differs from the model's is read in full and caught", async () => {
    const stray = (w: World, a: Action) => {
      const out = apply(w, a);
      if (a.fn === 'backstop.deposit' && out.ok) w.lp.set(a.from, (w.lp.get(a.from) ?? 0n) + 1n);
      return out;
    };
    const r = await runCheck({
      profile: PROFILES['blend-v2'],
      runs: 100,
      steps: 50,
      seed: 3,
      impl: new InProcessImplementation('stray stroop', stray),
    });
    expect(r.verdict).toBe('fail');
    expect(r.finding).toMatchObject({ kind: 'state' });
    expect(r.finding && 'field' in r.finding ? r.finding.field : '').toMatch(/^wallets\.lp\.U\d+$/);
  });

  it('fullStateEvery: 1 reads every state in full; 0 only at genesis', async () => {
    const every = new Counting();
    const a = await runCheck({ profile: PROFILES['blend-v2'], runs: 10, steps: 30, seed: 4, impl: every, fullStateEvery: 1 });
    expect(every.equal).toBe(0);
    expect(every.full).toBeGreaterThanOrEqual(a.totalSteps);
    const never = new Counting();
    const b = await runCheck({ profile: PROFILES['blend-v2'], runs: 10, steps: 30, seed: 4, impl: never });
    expect(never.equal).toBe(b.totalSteps);
    expect(never.full).toBe(b.runsCompleted ?? 10);
  });

  it("over the protocol, the reference model's state replies are the model's text and pass", async () => {
    // (the state request goes with the call: SubprocessImplementation.callAndState)
    const impl = new SubprocessImplementation({ command: MODEL_IMPL_COMMAND, timeoutMs: 30_000 });
    try {
      const r = await runCheck({ profile: PROFILES.documented, runs: 20, steps: 40, seed: 2, impl, fullStateEvery: 8 });
      expect(r.verdict).toBe('pass');
      expect(r.totalSteps).toBeGreaterThan(200);
      const read = r.stateReplies!.read;
      expect(read).toBeGreaterThan(r.totalSteps / 8 - 1);
      // (and at most one more at each of the 20 sequences' ends: lockstep.ts `finish`)
      expect(read).toBeLessThan(r.totalSteps / 8 + 41);
      // every step's state was one or the other; the end-of-sequence reads are full reads only
      expect(r.stateReplies!.equal).toBeGreaterThanOrEqual(r.totalSteps - read);
      expect(r.stateReplies!.equal).toBeLessThanOrEqual(r.totalSteps - read + 20);
    } finally {
      await impl.close();
    }
  });
});

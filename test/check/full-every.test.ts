/**
 * The full state comparison every k steps (src/check/lockstep.ts `fullStateEvery`, `finish`):
 * between full reads, an implementation that keeps its state text between steps (the Soroban
 * driver re-reads only the ledger entries a step changed) is taken at its word when its text is the
 * model's. A difference in what a step touched shows in that step's text and is caught at that
 * step; a difference its kept text does not show (a key the step did not touch) is caught at the
 * next full comparison (a k-th step) or at the end of the sequence, and only there.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import type { World } from '../../model/state.ts';
import { apply } from '../../model/world.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { runCheck } from '../../src/check/check.ts';
import { InProcessImplementation } from '../../src/check/implementation.ts';
import { FULL_STATE_EVERY } from '../../src/check/lockstep.ts';
import type { ObservableState } from '../../src/protocol/state.ts';

const K = 8;
const bump = (m: Record<string, string>, k: string): void => {
  m[k] = String(BigInt(m[k] ?? '0') + 1n);
};

/**
 * The model, but its first accepted `backstop.deposit` leaves one LP stroop more in the depositor's
 * wallet, seen only where its state is read afresh (`state()`); its kept text (`stateUnlessEqual`)
 * is the model's: a write its footprint missed.
 */
class HiddenStray extends InProcessImplementation {
  private readonly planted: { user?: string } = {};
  constructor() {
    const planted: { user?: string } = {};
    super('hidden stray', (w: World, a: Action) => {
      const out = apply(w, a);
      if (planted.user === undefined && a.fn === 'backstop.deposit' && out.ok) planted.user = a.from;
      return out;
    });
    this.planted = planted;
  }
  override async init(...args: Parameters<InProcessImplementation['init']>): Promise<void> {
    this.planted.user = undefined;
    return super.init(...args);
  }
  override async state(): Promise<ObservableState> {
    const st = await super.state();
    if (this.planted.user !== undefined) bump(st.wallets.lp, this.planted.user);
    return st;
  }
}

const check = (impl: InProcessImplementation, fullStateEvery: number) =>
  runCheck({ profile: PROFILES['blend-v2'], runs: 60, steps: 40, seed: 5, impl, fullStateEvery });

describe('the full state comparison every k steps', () => {
  it('k is 32 for `check`', () => {
    expect(FULL_STATE_EVERY).toBe(32);
  });

  it('a difference on what the step touched is caught at that step', async () => {
    // the depositor's wallet is one stroop off in the state itself: its text differs at once
    const stray = (w: World, a: Action) => {
      const out = apply(w, a);
      if (a.fn === 'backstop.deposit' && out.ok) w.lp.set(a.from, (w.lp.get(a.from) ?? 0n) + 1n);
      return out;
    };
    const r = await check(new InProcessImplementation('stray stroop', stray), K);
    expect(r.verdict).toBe('fail');
    expect(r.finding).toMatchObject({ kind: 'state' });
    const f = r.finding as { step: number; field: string };
    expect(f.field).toMatch(/^wallets\.lp\.U\d+$/);
    // the step that found it is the deposit that made it
    expect(r.counterexample!.steps[f.step]).toMatch(/\.deposit\(/);
    expect(r.fullStateEvery).toBe(K);
  });

  it('a difference the kept text does not show is caught at the next k-th step or at the end of the sequence', async () => {
    const r = await check(new HiddenStray(), K);
    expect(r.verdict).toBe('fail');
    expect(r.finding).toMatchObject({ kind: 'state' });
    const f = r.finding as { step: number; field: string };
    expect(f.field).toMatch(/^wallets\.lp\.U\d+$/);
    const last = r.counterexample!.steps.length - 1;
    expect(f.step % K === 0 || f.step === last).toBe(true);
    // (the deposit came at or before the step that found it)
    expect(r.counterexample!.steps.slice(0, f.step + 1).some((s) => /\.deposit\(/.test(s))).toBe(true);
  });

  it('without the full comparison (k = 0) the same difference goes unseen: it is k that finds it', async () => {
    const r = await check(new HiddenStray(), 0);
    expect(r.verdict).toBe('pass');
    expect(r.stateReplies!.equal).toBe(r.totalSteps);
  });
});

/**
 * The lockstep comparison, in process: each of its three checks catches what it is for (a wrong
 * reply, an invariant broken on the implementation's state, a wrong state field), and the model
 * over the protocol agrees with itself under every profile (the self-check, small; the full one is
 * `npm run self-check`).
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { apply, type Outcome } from '../../model/world.ts';
import type { World } from '../../model/state.ts';
import { PROFILES, PROFILE_NAMES } from '../../spec/profiles.ts';
import { runCheck } from '../../src/check/check.ts';
import { InProcessImplementation } from '../../src/check/implementation.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { MODEL_IMPL_COMMAND } from '../../src/cli/main.ts';

const wrong =
  (f: (w: World, a: Action, out: Outcome) => Outcome | void) =>
  (w: World, a: Action): Outcome => {
    const out = apply(w, a);
    return f(w, a, out) ?? out;
  };

const CASES: [what: string, kind: string, detail: RegExp, applyFn: (w: World, a: Action) => Outcome][] = [
  [
    'a wrong return value',
    'reply',
    /reply diverges at step \d+ \(emitter\.distribute\(\)\): model ok\(\d+\), implementation ok\(\d+\)/,
    wrong((_w, a, out) =>
      a.fn === 'emitter.distribute' && out.ok && out.result !== null ? { ...out, result: out.result + 1n } : undefined,
    ),
  ],
  [
    'an accepted call the model rejects',
    'reply',
    /model error Backstop#\d+ \w+, implementation ok/,
    (w, a) => {
      const out = apply(w, a);
      return a.fn === 'backstop.add_reward' && !out.ok ? { ok: true, result: null, events: [] } : out;
    },
  ],
  [
    'a pool twice in the reward zone',
    'invariant',
    /implementation violates BLND-RZ-002/,
    wrong((w, a) => {
      if (a.fn === 'backstop.add_reward') {
        const bs = w.backstops.get(a.backstop)!;
        if (bs.rewardZone.includes(a.toAdd)) bs.rewardZone = [...bs.rewardZone, a.toAdd];
      }
    }),
  ],
  [
    'one stroop too many in a wallet',
    'state',
    /state diverges at step \d+ \(.*backstop.deposit.*\): wallets\.lp\.U\d+: model \d+, implementation \d+/,
    wrong((w, a, out) => {
      if (a.fn === 'backstop.deposit' && out.ok) w.lp.set(a.from, (w.lp.get(a.from) ?? 0n) + 1n);
    }),
  ],
];

describe('lockstep checks (in process)', () => {
  for (const [what, kind, detail, applyFn] of CASES) {
    it(`catches ${what} as a ${kind} divergence, shrunk`, async () => {
      const r = await runCheck({
        profile: PROFILES['blend-v2'],
        runs: 200,
        steps: 40,
        seed: 3,
        impl: new InProcessImplementation(what, applyFn),
      });
      expect(r.verdict).toBe('fail');
      expect(r.finding?.kind).toBe(kind);
      expect(r.counterexample?.message).toMatch(detail);
      expect(r.counterexample!.actions.length).toBeLessThanOrEqual(8);
      expect(r.finding!.rules.length).toBeGreaterThan(0);
    });
  }

  // (16.5 s at a load average of 20 on 2 cores, against the default 60 s it had)
  it('the correct model passes, with every invariant checked on both sides', { timeout: 180_000 }, async () => {
    const r = await runCheck({ profile: PROFILES['blend-v2'], runs: 100, steps: 60, seed: 3, impl: new InProcessImplementation() });
    expect(r.verdict).toBe('pass');
    const model = new Map(r.properties.map((p) => [p.id, p.checks]));
    for (const c of r.implChecks) expect(c.checks, c.id).toBe(model.get(c.id));
    expect(r.implChecks.filter((c) => c.checks > 0).length).toBeGreaterThan(18);
  });
});

describe('self-check over the protocol (small)', () => {
  for (const name of PROFILE_NAMES) {
    // (up to 21 s at a load average of 20 on 2 cores, against the 60 s it had)
    it(`${name}: the model server agrees with the model`, { timeout: 180_000 }, async () => {
      const impl = new SubprocessImplementation({ command: MODEL_IMPL_COMMAND, timeoutMs: 20_000 });
      try {
        const r = await runCheck({ profile: PROFILES[name], runs: 40, steps: 40, seed: 20261121, impl });
        expect(r.verdict, r.counterexample?.message ?? r.fault?.message).toBe('pass');
        expect(r.skippedActions).toEqual([]);
        expect(r.totalSteps).toBeGreaterThan(500);
      } finally {
        await impl.close();
      }
    });
  }
});

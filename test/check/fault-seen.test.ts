/**
 * A fault the implementation showed that no awaited reply carried (an unsolicited line or an exit
 * after the last reply the harness waited for: src/check/subprocess.ts keeps it, `faultSeen`) ends
 * what would be a pass as a fault (exit 3), never a pass; after a finding the verdict stays the
 * finding's (a state read that faults after a diverging reply is the divergence's).
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../model/world.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { runCheck } from '../../src/check/check.ts';
import { ImplementationFault, InProcessImplementation } from '../../src/check/implementation.ts';
import type { Action } from '../../model/actions.ts';
import type { World } from '../../model/state.ts';

/** The reference model, which reports a fault after its last reply. */
class LateFault extends InProcessImplementation {
  faultSeen(): ImplementationFault | undefined {
    return new ImplementationFault('not-protocol', 'the implementation wrote {"id":9999} with no request pending');
  }
}

describe('a fault no awaited reply carried', () => {
  it('turns a pass into a fault', async () => {
    const clean = await runCheck({ profile: PROFILES['blend-v2'], runs: 5, steps: 20, seed: 1, impl: new InProcessImplementation() });
    expect(clean.verdict).not.toBe('fault');
    const r = await runCheck({ profile: PROFILES['blend-v2'], runs: 5, steps: 20, seed: 1, impl: new LateFault() });
    expect(r.verdict).toBe('fault');
    expect(r.fault).toMatchObject({ kind: 'not-protocol', message: expect.stringContaining('no request pending') });
  });

  it('leaves a finding the finding', async () => {
    // a model that mints one stroop too many on every accepted deposit: a divergence
    const wrong = (w: World, a: Action) => {
      const out = apply(w, a);
      if (a.fn === 'backstop.deposit' && out.ok) w.lp.set(a.from, (w.lp.get(a.from) ?? 0n) + 1n);
      return out;
    };
    class WrongLate extends LateFault {
      constructor() {
        super('wrong', wrong);
      }
    }
    const r = await runCheck({ profile: PROFILES['blend-v2'], runs: 40, steps: 40, seed: 5, impl: new WrongLate(), shrink: false });
    expect(r.verdict).toBe('fail');
    expect(r.fault).toBeUndefined();
  });
});

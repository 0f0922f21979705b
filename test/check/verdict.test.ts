/**
 * Earned verdicts, in process: an error the harness does not understand — during a run, the corpus
 * replay or the shrinking, in `check` and in `run` — is a fault (kind `harness`, naming the error's
 * class and message), never a pass; fast-check's own account of a run (failed, interrupted, fewer
 * runs than asked for) is read; a handshake that claims an unknown profile or actions is refused.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { apply, type Outcome } from '../../model/world.ts';
import type { World } from '../../model/state.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { requireKnownHandshake, runCheck } from '../../src/check/check.ts';
import { ImplementationFault, InProcessImplementation } from '../../src/check/implementation.ts';
import { runSuite } from '../../src/run.ts';
import { describeError, unearned } from '../../src/verdict.ts';
import { PROTOCOL_ACTIONS } from '../../src/protocol/messages.ts';

const SETTINGS = { profile: PROFILES['blend-v2'], runs: 10, steps: 20, seed: 1 } as const;

/** The model, throwing `error()` from its `n`th call on (1-based), counting every call. */
function throwsFrom(n: number, error: () => unknown): (w: World, a: Action) => Outcome {
  let calls = 0;
  return (w, a) => {
    if (++calls >= n) throw error();
    return apply(w, a);
  };
}

describe('check: an error the harness does not understand is a fault, never a pass', () => {
  it("during a run: verdict fault (harness), naming the error's class and message", async () => {
    const impl = new InProcessImplementation(
      'throws',
      throwsFrom(3, () => new RangeError('Maximum call stack size exceeded')),
    );
    const r = await runCheck({ ...SETTINGS, impl });
    expect(r.verdict).toBe('fault');
    expect(r.fault).toEqual({
      kind: 'harness',
      message: 'an error the harness does not understand, during run 1 of 10: RangeError: Maximum call stack size exceeded',
    });
    expect(r.counterexample).toBeUndefined();
  });

  it('a thrown value that is not an Error is named too', async () => {
    const impl = new InProcessImplementation(
      'throws',
      throwsFrom(1, () => 'a string'),
    );
    const r = await runCheck({ ...SETTINGS, impl });
    expect(r.verdict).toBe('fault');
    expect(r.fault?.message).toMatch(/thrown string: a string$/);
  });

  it('during the corpus replay: a fault, not a crash of the command', async () => {
    const impl = new InProcessImplementation(
      'throws',
      throwsFrom(2, () => new TypeError('x is not a function')),
    );
    const corpus = [
      {
        file: 'corpus/a.json',
        actions: [
          { fn: 'advance_time', seconds: 10n },
          { fn: 'advance_time', seconds: 10n },
        ] as Action[],
      },
    ];
    const r = await runCheck({ ...SETTINGS, impl, corpus });
    expect(r.verdict).toBe('fault');
    expect(r.fault?.message).toBe(
      'an error the harness does not understand, while replaying the corpus file corpus/a.json: TypeError: x is not a function',
    );
    expect(r.corpus.replayed).toBe(1);
  });

  it('while shrinking a divergence: a fault, not the divergence nor a pass', async () => {
    // a wrong reply on the first distribute, then every later call throws
    let diverged = false;
    const applyFn = (w: World, a: Action): Outcome => {
      if (diverged) throw new RangeError('shrinking went wrong');
      const out = apply(w, a);
      if (a.fn === 'emitter.distribute' && out.ok && out.result !== null) {
        diverged = true;
        return { ...out, result: out.result + 1n };
      }
      return out;
    };
    const r = await runCheck({ ...SETTINGS, runs: 50, impl: new InProcessImplementation('diverges then throws', applyFn) });
    expect(r.verdict).toBe('fault');
    expect(r.fault?.kind).toBe('harness');
    expect(r.fault?.message).toMatch(
      /^an error the harness does not understand, (while shrinking a finding|during run \d+ of 50): RangeError: shrinking went wrong$/,
    );
  });

  it('the model served in process, unchanged, still passes (the control)', async () => {
    const r = await runCheck({ ...SETTINGS, impl: new InProcessImplementation() });
    expect(r.verdict).toBe('pass');
    expect(r.fault).toBeUndefined();
    expect(r.runsCompleted).toBe(10);
  });
});

describe("run: an error that is not a property's violation is a fault, with its shrunk steps", () => {
  it('verdict fault (harness), not a MODEL-PANIC failure, never a pass', () => {
    const r = runSuite({ ...SETTINGS, apply: throwsFrom(5, () => new RangeError('Invalid array length')) });
    expect(r.verdict).toBe('fault');
    expect(r.fault?.kind).toBe('harness');
    expect(r.fault?.message).toMatch(
      /^an error the harness does not understand, raised by the model or the harness at step \d+ of the shrunk steps: RangeError: Invalid array length$/,
    );
    // the steps that raise it are kept, shrunk, for the replay
    expect(r.counterexample?.steps.length).toBeGreaterThan(0);
  });

  it('a run of the model that completes all its runs passes (the control)', () => {
    const r = runSuite(SETTINGS);
    expect(r.verdict).toBe('pass');
    expect(r.fault).toBeUndefined();
    expect(r.runsCompleted).toBe(10);
  });
});

describe("fast-check's own account of a run (unearned)", () => {
  const ok = { failed: false, interrupted: false, numRuns: 10, numSkips: 0 };
  const opts = { runs: 10 };
  it('all runs ran, nothing failed: earned', () => {
    expect(unearned(ok, false, false, opts)).toBeUndefined();
  });
  it('a failure nobody classified is a fault naming the error', () => {
    expect(unearned({ ...ok, failed: true, numRuns: 1, errorInstance: new RangeError('deep') }, false, false, opts)).toEqual({
      kind: 'harness',
      message: 'fast-check reports a failure the harness did not classify, after 1 of 10 runs: RangeError: deep',
    });
    expect(unearned({ ...ok, failed: true, numRuns: 3, numSkips: 31 }, false, false, opts)?.message).toMatch(
      /after 3 of 10 runs: no error \(31 runs skipped\)$/,
    );
  });
  it('a failure the harness found (a divergence, a violation) is not a fault', () => {
    expect(unearned({ ...ok, failed: true, numRuns: 4 }, true, false, opts)).toBeUndefined();
  });
  it('ended early, without a signal or the budget: a fault', () => {
    expect(unearned({ ...ok, interrupted: true, numRuns: 4 }, false, false, opts)?.message).toBe(
      'fast-check ended the run early, after 4 of 10 runs, for no reason the harness knows (not a signal, not the time budget)',
    );
    expect(unearned({ ...ok, interrupted: true, numRuns: 4 }, false, true, opts)).toBeUndefined();
  });
  it('fewer runs than asked for: a fault; a --path replays one case', () => {
    expect(unearned({ ...ok, numRuns: 9 }, false, false, opts)?.message).toBe(
      'fast-check ran 9 of 10 runs (0 skipped): the run did not complete',
    );
    expect(unearned({ ...ok, numRuns: 1 }, false, false, { runs: 10, path: '3:1' })).toBeUndefined();
  });
  it('describeError names class and message', () => {
    expect(describeError(new TypeError('a\nb'))).toBe('TypeError: a');
    expect(describeError(42)).toBe('thrown number: 42');
  });
});

describe('a contradictory handshake is refused', () => {
  const known = { profile: 'blend-v2', actions: [...PROTOCOL_ACTIONS] as string[] };
  it('an unknown profile: a handshake fault naming it and the known set', () => {
    expect(() => requireKnownHandshake({ ...known, profile: 'blend-v9' })).toThrow(ImplementationFault);
    expect(() => requireKnownHandshake({ ...known, profile: 'blend-v9' })).toThrow(
      'the handshake claims profile "blend-v9", which is not a profile of the protocol (known: documented, blend-v1, blend-v2)',
    );
  });
  it('unknown actions: a handshake fault naming them', () => {
    expect(() => requireKnownHandshake({ ...known, actions: [...known.actions, 'backstop.explode'] })).toThrow(
      /^the handshake announces action "backstop\.explode", not in the protocol \(known: advance_time, /,
    );
  });
  it('a handshake of the protocol is accepted', () => {
    expect(() => requireKnownHandshake(known)).not.toThrow();
    expect(() => requireKnownHandshake({ ...known, actions: ['advance_time'] })).not.toThrow();
  });
  it('runCheck refuses it before any run', async () => {
    const impl = new InProcessImplementation();
    impl.handshake = async () =>
      ({ protocol_version: 1, name: 'v9', version: '0', profile: 'blend-v9', actions: [...PROTOCOL_ACTIONS] }) as never;
    await expect(runCheck({ ...SETTINGS, impl })).rejects.toMatchObject({
      kind: 'handshake',
      message: expect.stringContaining('"blend-v9"'),
    });
  });
});

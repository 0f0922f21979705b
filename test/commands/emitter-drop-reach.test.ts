/**
 * The emitter's `drop(list)` called directly under its current backstop's authorisation
 * (`emitter.drop`, src/commands/emitter.ts `dropListArb`): the lists no v2 backstop sends, which the
 * last survivors of issue 19's emitter mutants need (docs/usage.md, `mutate`): a total of exactly the
 * 50M maximum and 50M + 1 stroop (DROP-MAX), a negative entry and sums past 2^64 (the i128 sum's
 * high word), a sum past 2^127 (the contract's checked add panics), an empty list, and a repeat
 * after a drop (DROP-ONCE). Each kind does on the model what it says, and a default run reaches each.
 */
import * as fc from 'fast-check';
import { expectReachedMoreThanOnce } from './reach-run.ts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { type EmitterDropList, dropListArb, type DropListKind } from '../../src/commands/emitter.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MAX_DROP } from '../../spec/constants.ts';
import { EmitterError, HostError, TokenError, type ErrorSpec } from '../../spec/errors.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import type { StepOutcome as Outcome } from '../../properties/types.ts';

const fresh = () => new Harness(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD), [], new Stats());
const isError = (o: Outcome, e: ErrorSpec) => !o.ok && o.error.contract === e.contract && o.error.code === e.code;

describe('emitter.drop(list): the lists at the emitter drop boundaries', () => {
  it('each kind sums as it says, and the model answers it as execute_drop does', () => {
    const sample = fc.sample(dropListArb, { seed: 1, numRuns: 600 });
    const byKind = new Map<DropListKind, EmitterDropList[]>();
    for (const c of sample) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
    expect(new Set(byKind.keys())).toEqual(new Set(['max', 'over', 'negative', 'past-2^64', 'past-2^127', 'empty']));
    const expected: Record<DropListKind, (total: bigint, o: Outcome) => boolean> = {
      max: (t, o) => t === MAX_DROP.value && o.ok,
      over: (t, o) => t === MAX_DROP.value + 1n && isError(o, EmitterError.BadDrop),
      negative: (t, o) => isError(o, t > MAX_DROP.value ? EmitterError.BadDrop : TokenError.NegativeAmountError),
      'past-2^64': (t, o) => t >= 2n ** 64n && t < 2n ** 127n && isError(o, EmitterError.BadDrop),
      'past-2^127': (t, o) => t >= 2n ** 127n && isError(o, HostError.Panic),
      empty: (t, o) => t === 0n && o.ok,
    };
    for (const [kind, cmds] of byKind)
      for (const c of cmds.slice(0, 20)) {
        const h = fresh();
        const steps = [...c.actions(h)].map((a) => {
          const out = h.step(a);
          return { a, out };
        });
        const first = steps[0]!;
        if (first.a.fn !== 'emitter.drop') throw new Error('not a drop');
        const total = first.a.list.reduce((t, [, x]) => t + x, 0n);
        expect(
          expected[kind](total, first.out),
          `${kind}: ${c.toString()} -> ${JSON.stringify(first.out, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
        ).toBe(true);
        // a repeat after the accepted drop: BadDrop, the backstop already dropped
        if (steps.length === 2) expect(isError(steps[1]!.out, EmitterError.BadDrop)).toBe(true);
      }
    expect((byKind.get('max') ?? []).some((c) => c.repeat)).toBe(true);
  });

  it('an accepted list mints exactly each entry to its recipient; a refused one mints nothing', () => {
    const h = fresh();
    const u = h.world.users;
    const held = (a: string) => h.world.blnd.get(a) ?? 0n;
    const [b0, b1] = [held(u[0]!), held(u[1]!)];
    const refused = h.step({
      fn: 'emitter.drop',
      list: [
        [u[0]!, 1n],
        [u[1]!, -1n],
      ],
    });
    expect(isError(refused, TokenError.NegativeAmountError)).toBe(true);
    expect([held(u[0]!), held(u[1]!)]).toEqual([b0, b1]);
    const ok = h.step({
      fn: 'emitter.drop',
      list: [
        [u[0]!, MAX_DROP.value - 5n],
        [u[1]!, 5n],
      ],
    });
    expect(ok.ok).toBe(true);
    expect([held(u[0]!), held(u[1]!)]).toEqual([b0 + MAX_DROP.value - 5n, b1 + 5n]);
    expect(h.world.emitter.dropped.has(h.world.emitter.backstop)).toBe(true);
  });

  it('a default run of blend-v2 reaches each emitter.drop boundary more than once', () => {
    expectReachedMoreThanOnce([
      'emitter-drop: a list of exactly the 50M maximum accepted',
      'emitter-drop: a list of 50M + 1 stroop refused',
      'emitter-drop: a negative entry refused by the mint',
      'emitter-drop: a sum past 2^64 refused',
      'emitter-drop: a sum past 2^127 panics',
      'emitter-drop: an empty list accepted',
      'emitter-drop: a repeat refused (already dropped)',
    ]);
  }, 180_000);
});

/**
 * Every divergence witness of spec/divergences.ts, replayed on the model under each profile it
 * names: the last action gets that profile's answer, every earlier one is accepted.
 */
import { describe, expect, it } from 'vitest';
import { apply, createWorld } from '../../model/world.ts';
import { DIVERGENCES } from '../../spec/divergences.ts';
import { errorOf, formatError } from '../../spec/errors.ts';
import { PROFILES, type ProfileName } from '../../spec/profiles.ts';
import { RULE_IDS } from '../../spec/rules.ts';

const withWitness = DIVERGENCES.filter((d) => d.witness !== undefined);

describe('divergence witnesses', () => {
  it('every divergence names a rule of spec/rules.ts', () => {
    for (const d of DIVERGENCES) expect(RULE_IDS, d.id).toContain(d.rule);
  });

  for (const d of withWitness) {
    const w = d.witness!;
    for (const [name, answer] of Object.entries(w.answers) as [ProfileName, string][]) {
      it(`${d.id} under ${name}: ${answer}`, () => {
        const world = createWorld(PROFILES[name], w.world);
        w.actions.forEach((a, i) => {
          const out = apply(world, a);
          if (i < w.actions.length - 1) expect(out.ok, `step ${i + 1}`).toBe(true);
          else expect(out.ok ? 'ok' : formatError(errorOf(out.error.contract, out.error.code))).toBe(answer);
        });
      });
    }
  }

  it('each witness answers differently under `documented` and `blend-v2`', () => {
    for (const d of withWitness) expect(d.witness!.answers.documented, d.id).not.toBe(d.witness!.answers['blend-v2']);
  });
});

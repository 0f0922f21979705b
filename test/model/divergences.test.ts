/**
 * Every divergence witness of spec/divergences.ts, replayed on the model under each profile it
 * names: the last action gets that profile's answer, every earlier one is accepted.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../model/world.ts';
import { createWorld } from '../../src/world/create.ts';
import { CONTRACT_PROFILES, DIVERGENCES, readingsOf, witnessedAgainst } from '../../spec/divergences.ts';
import { errorOf, formatError } from '../../spec/errors.ts';
import { PROFILES, type ProfileName } from '../../spec/profiles.ts';
import { RULE_IDS } from '../../spec/rules.ts';

const withWitness = DIVERGENCES.filter((d) => d.witness !== undefined);

describe('divergence witnesses', () => {
  it('every divergence names a rule of spec/rules.ts, and has a witness or says why not', () => {
    for (const d of DIVERGENCES) {
      expect(RULE_IDS, d.id).toContain(d.rule);
      // a witness, or the reason there is none (a sentence, not a placeholder)
      if (d.witness === undefined) expect(d.noWitness?.trim().length ?? 0, `${d.id}: why no witness`).toBeGreaterThanOrEqual(20);
      else expect(d.witness.actions.length, `${d.id}: the witness's steps`).toBeGreaterThan(0);
      expect(readingsOf(d).documents.length, `${d.id}: a documents' reading`).toBeGreaterThan(0);
    }
    expect(new Set(DIVERGENCES.map((d) => d.id)).size).toBe(DIVERGENCES.length);
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

  it("each witness answers differently under `documented` and a contracts profile, and names the documents' answer", () => {
    for (const d of withWitness) {
      const a = d.witness!.answers;
      expect(a.documented, d.id).toBeDefined();
      expect(
        CONTRACT_PROFILES.some((p) => a[p] !== undefined && a[p] !== a.documented),
        d.id,
      ).toBe(true);
    }
  });

  it('every way the profiles `documented` and `blend-v2` differ on a rule has a witness (the page lists them)', () => {
    // the profile fields on which documented and blend-v2 differ, and the divergence that shows each
    const byField: Record<string, string> = {
      rewardZone: 'DIV-RZ-SIZE',
      distributeMinInterval: 'DIV-GULP-INTERVAL',
      poolGulpMinInterval: 'DIV-POOL-DAILY',
      rzEditWindow: 'DIV-RZ-EDIT-WINDOW',
      poolGulpMinimum: 'DIV-POOL-GULP-MINIMUM',
      errors: 'DIV-DROP-AUTH',
    };
    const doc = PROFILES.documented as unknown as Record<string, unknown>;
    const v2 = PROFILES['blend-v2'] as unknown as Record<string, unknown>;
    // constants compare by value (the same 17 days may cite the docs or the contract)
    const canon = (x: unknown): string =>
      JSON.stringify(x, (_k, v: unknown) =>
        typeof v === 'bigint'
          ? `${v}`
          : typeof v === 'object' && v !== null && 'value' in v && 'unit' in v
            ? `${(v as { value: bigint }).value}`
            : v,
      );
    const differing = Object.keys(doc).filter((k) => !['name', 'summary', 'choice'].includes(k) && canon(doc[k]) !== canon(v2[k]));
    expect(differing.sort()).toEqual(Object.keys(byField).sort());
    const witnessed = witnessedAgainst('blend-v2').map((d) => d.id);
    for (const id of Object.values(byField)) expect(witnessed).toContain(id);
    // each of the three errors the documents leave open has its own witness
    for (const id of ['DIV-DROP-AUTH', 'DIV-POOL-UNKNOWN-RESERVE', 'DIV-POOL-NEGATIVE-AMOUNT']) expect(witnessed).toContain(id);
  });
});

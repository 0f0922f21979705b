/**
 * End to end: `blend-harness check --impl soroban` builds the driver when needed and checks the
 * real Blend v2 contracts in lockstep with the model — the short lockstep check CI runs on every
 * push. Skipped, saying why, only where cargo is missing and CI is not set.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { witnessedAgainst } from '../../spec/divergences.ts';
import { BUILD_TIMEOUT_MS, CARGO, checkSoroban, errLines, RUN_DRIVER_TESTS, SKIP_REASON } from './driver.ts';

const tmp = mkdtempSync(join(tmpdir(), 'blend-soroban-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('check --impl soroban (the real v2 contracts through the Soroban driver)', () => {
  it.runIf(RUN_DRIVER_TESTS)(
    'builds the driver when needed, then agrees with the model under blend-v2 in every reply, invariant and state field (5 sequences of up to 20 steps)',
    async () => {
      const out = join(tmp, 'v2');
      const r = await checkSoroban({ profile: 'blend-v2', runs: 5, steps: 20, seed: 1, out }, '--corpus', join(tmp, 'corpus'));
      expect(errLines(r.err)).toEqual([]);
      // 5 short sequences leave some properties unexercised: no divergence, but insufficient (exit 4), not a pass
      expect(r.out).toContain('no divergence in what ran: every reply and every state agreed with the model');
      expect(r.code).toBe(4);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(report).toMatchObject({ profile: 'blend-v2', verdict: 'insufficient', runs: 5, runsCompleted: 5 });
      expect(report.counterexample).toBeUndefined();
      expect(report.fault).toBeUndefined();
      // the default rule's shortfalls: properties, the rules they cover, rejection paths (never an action: not asked by default)
      expect(report.exercise.shortfalls.every((s: { kind: string }) => s.kind !== 'action')).toBe(true);
      expect(report.implementation.name).toMatch(/^blend-harness-soroban/);
      expect(report.implementation.profile).toBe('blend-v2');
      expect(report.totalSteps).toBeGreaterThan(20);
      // the driver's state replies are the model's canonical text (taken unparsed), read afresh and
      // compared in full every k steps and at each sequence's end
      expect(report.fullStateEvery).toBe(32);
      expect(report.stateReplies.equal).toBeGreaterThan(0);
      expect(report.stateReplies.read).toBeGreaterThanOrEqual(5);
      // the replay command names the implementation as it was given
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('blend-harness-soroban');
    },
    BUILD_TIMEOUT_MS,
  );

  it.runIf(RUN_DRIVER_TESTS)(
    '--profile documented: every recorded difference from the documents is replayed on the contracts and confirmed, in report.json and report.md; the rest runs in lockstep under blend-v2',
    async () => {
      const out = join(tmp, 'documented');
      const r = await checkSoroban({ profile: 'documented', runs: 3, steps: 20, seed: 2, out }, '--corpus', join(tmp, 'corpus'));
      // every difference confirmed, no divergence; 3 short sequences leave properties unexercised: insufficient (exit 4)
      expect(r.code).toBe(4);
      const expected = witnessedAgainst('blend-v2').map((d) => d.id);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(report.verdict).toBe('insufficient');
      expect(report.counterexample).toBeUndefined();
      expect(report.profile).toBe('blend-v2');
      expect(report.documents).toMatchObject({ profile: 'documented', implementationProfile: 'blend-v2', confirmed: expected.length });
      expect(report.documents.differences.map((d: { id: string }) => d.id)).toEqual(expected);
      for (const d of report.documents.differences) {
        expect(d.status, d.id).toBe('confirmed');
        expect(d.implementation, d.id).toBe(d.contracts);
        expect(d.implementation, d.id).not.toBe(d.documents);
        expect(d.documentSays.length, d.id).toBeGreaterThan(0);
      }
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      expect(md).toContain(`## Differences from the documents confirmed on the implementation (${expected.length} of ${expected.length})`);
      expect(md).toContain('| DIV-RZ-SIZE | RZ-MAX | confirmed | ok | Backstop#1009 RewardZoneFull | Backstop#1009 RewardZoneFull |');
      expect(md).toContain('| DIV-GULP-INTERVAL | DIST-INTERVAL | confirmed | Backstop#1000 BadRequest | ok | ok |');
      expect(r.out).toMatch(new RegExp(`${expected.length} of ${expected.length} recorded differences from the documents confirmed`));
    },
    BUILD_TIMEOUT_MS,
  );

  if (!RUN_DRIVER_TESTS) it(`skipped: ${SKIP_REASON}`, () => expect(CARGO).toBeUndefined());
});

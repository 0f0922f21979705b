/**
 * Issue 17's "done when" against the real v2 contracts: a default `check --impl soroban` has
 * accepted backstop claims, accepted `add_reward` calls, a queued and an executed backstop swap,
 * and pool gulps rejected by the 24 h rule among its counts (scripts/soroban-reach.ts). Held here at
 * what the 60 s default budget allows on a loaded machine (~112 lockstep actions/s, ~6,700 actions):
 * the first 60 runs of the default 200 steps (the same runs a bare check of this seed starts with).
 * Skipped, saying why, only where cargo is missing and CI is not set.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SOROBAN_REACH, sorobanReach } from '../../scripts/soroban-reach.ts';
import { BUILD_TIMEOUT_MS, RUN_DRIVER_TESTS } from './driver.ts';

const tmp = mkdtempSync(join(tmpdir(), 'blend-soroban-reach-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('check --impl soroban reaches what issue 17 asks of the real contracts', () => {
  it.runIf(RUN_DRIVER_TESTS)(
    'the first 60 default runs (~6,700 actions): accepted claims and add_reward, a swap queued and executed, gulps refused by the 24 h rule',
    async () => {
      const out = join(tmp, 'v2');
      const io = { out: () => undefined, err: () => undefined };
      const code = await main(
        [
          'check',
          '--impl',
          'soroban',
          '--profile',
          'blend-v2',
          '--seed',
          '1',
          '--runs',
          '60',
          // all 60 runs on any machine: the default 60 s budget would cut them short on a slow or loaded one
          '--time-budget',
          '900',
          '--out',
          out,
          '--corpus',
          join(tmp, 'corpus'),
        ],
        io,
      );
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      // no divergence nor fault (0 pass, 4 insufficient: 60 runs may leave a property unexercised)
      expect([0, 4]).toContain(code);
      expect(report.runsCompleted).toBe(60);
      const counts = sorobanReach(report);
      for (const k of SOROBAN_REACH) expect({ [k]: counts[k] > 0 }).toEqual({ [k]: true });
    },
    BUILD_TIMEOUT_MS,
  );
});

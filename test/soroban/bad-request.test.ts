/**
 * A request the Soroban driver cannot answer — an action it does not know, or arguments that do
 * not fit the action — breaks the protocol: the driver answers it as the reference model's server
 * does (adapters/model/server.ts), with one line on stderr naming the problem, no reply on stdout,
 * and exit 2; the requests before it are answered as usual. (Before the protocol types were
 * typed, nothing stopped a new action from being routed to the wrong pool request.)
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS, SKIP_REASON } from './driver.ts';

const HANDSHAKE = { id: 0, action: 'handshake', args: { protocol_version: 1, profile: 'blend-v2' } };
const INIT = {
  id: 1,
  action: 'init',
  args: { profile: 'blend-v2', world: { users: 2, pools: 3, start: '1736780911', reward_zone_gap: 1 } },
};

async function run(...requests: object[]) {
  const bin = await driverBinary();
  const input = `${[HANDSHAKE, INIT, ...requests].map((r) => JSON.stringify(r)).join('\n')}\n`;
  const r = spawnSync(bin, [], { input, encoding: 'utf8', timeout: 120_000 });
  const replies = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { id: number; ok: boolean });
  const stderr = r.stderr.split('\n').filter((l) => l !== '');
  return { status: r.status, replies, stderr };
}

describe('the Soroban driver refuses a request that breaks the protocol', () => {
  it.runIf(RUN_DRIVER_TESTS)(
    'an unknown action: one stderr line naming it, exit 2, after the earlier requests were answered',
    async () => {
      const r = await run({ id: 2, action: 'pool.flash_loan', args: { contract: 'P0', from: 'U0', reserve_index: 0, amount: '10' } });
      expect(r.replies.map((x) => [x.id, x.ok])).toEqual([
        [0, true],
        [1, true],
      ]);
      expect(r.stderr).toEqual(['blend-harness-soroban: unknown action pool.flash_loan']);
      expect(r.status).toBe(2);
    },
    BUILD_TIMEOUT_MS,
  );

  it.runIf(RUN_DRIVER_TESTS)(
    'malformed args (an amount that is a number, not a decimal string; a missing argument): one stderr line naming the action, exit 2',
    async () => {
      const ok = {
        id: 2,
        action: 'backstop.deposit',
        args: { contract: 'backstop', from: 'U0', pool_address: 'P0', amount: '1000000000' },
      };
      const numeric = await run(ok, { id: 3, action: 'pool.repay', args: { contract: 'P0', from: 'U0', reserve_index: 0, amount: 10 } });
      expect(numeric.replies.map((x) => [x.id, x.ok])).toEqual([
        [0, true],
        [1, true],
        [2, true],
      ]);
      expect(numeric.stderr).toHaveLength(1);
      expect(numeric.stderr[0]).toMatch(/^blend-harness-soroban: pool\.repay: bad args: .*decimal string/);
      expect(numeric.status).toBe(2);

      const missing = await run({ id: 2, action: 'backstop.deposit', args: { contract: 'backstop', from: 'U0', amount: '1' } });
      expect(missing.stderr).toHaveLength(1);
      expect(missing.stderr[0]).toMatch(/^blend-harness-soroban: backstop\.deposit: bad args: missing field `pool_address`/);
      expect(missing.status).toBe(2);
    },
    BUILD_TIMEOUT_MS,
  );

  if (!RUN_DRIVER_TESTS) it.skip(`skipped: ${SKIP_REASON}`, () => {});
});

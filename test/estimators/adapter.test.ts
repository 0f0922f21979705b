/**
 * adapters/blend-sdk/main.ts over the check protocol (as `check --impl blend-sdk` starts it): the
 * handshake declares an estimator in blnd-float units; load_state then claimable answer what
 * adapters/blend-sdk/estimate.ts computes, against the model's claims on the v2 pool unit-test
 * values; an unknown reserve token id is Pool 1200; a request out of order is a fault (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BLEND_SDK_IMPL_COMMAND } from '../../src/cli/shared.ts';
import { worldToState } from '../../src/protocol/state.ts';
import { GOLDEN_CASES } from '../model/golden-cases.ts';

/** Runs the adapter on these requests (ids 0..n-1); its replies by id, its exit status and stderr. */
function session(requests: { action: string; args: object }[]) {
  const input = requests.map((r, id) => JSON.stringify({ id, ...r })).join('\n') + '\n';
  const out = spawnSync(BLEND_SDK_IMPL_COMMAND, { shell: true, input, encoding: 'utf8', timeout: 60_000 });
  const replies = out.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { id: number; ok: boolean; result?: unknown; error?: unknown });
  return { replies, status: out.status, stderr: out.stderr };
}

describe('blend-sdk adapter over the protocol', () => {
  it('handshake, load_state, claimable: the SDK numbers on test_execute_claim (710.2544422 BLND for 701.3444444)', () => {
    const c = GOLDEN_CASES.find((g) => g.name === 'test_execute_claim')!;
    const { w } = c.build();
    const { replies, status } = session([
      { action: 'handshake', args: { protocol_version: 1, profile: 'blend-v2' } },
      { action: 'load_state', args: { state: worldToState(w) } },
      {
        action: 'claimable',
        args: {
          user: 'samwise',
          timestamp: String(c.now),
          backstop: { contract: 'backstop', pools: ['pool'] },
          pools: [{ contract: 'pool', reserve_token_ids: [0, 3] }],
        },
      },
      { action: 'claimable', args: { user: 'samwise', timestamp: String(c.now), pools: [{ contract: 'pool', reserve_token_ids: [6] }] } },
    ]);
    expect(status).toBe(0);
    expect(replies[0]).toMatchObject({
      ok: true,
      result: { estimator: { units: 'blnd-float' }, version: '@blend-capital/blend-sdk 3.2.2' },
    });
    expect(replies[1]).toEqual({ id: 1, ok: true, result: null });
    const r = replies[2]!.result as { backstop: { pool: string; amount: number }[]; pools: { reserve_token_id: number; amount: number }[] };
    // no backstop emission data for the pool: the SDK shows 0
    expect(r.backstop).toEqual([{ pool: 'pool', amount: 0 }]);
    expect(r.pools.map((p) => p.reserve_token_id)).toEqual([0, 3]);
    expect(r.pools.reduce((a, p) => a + p.amount, 0).toFixed(7)).toBe('710.2544422');
    expect(replies[3]).toEqual({ id: 3, ok: false, error: { contract: 'Pool', code: 1200 } });
  });

  it('claimable before load_state is a fault of the harness: one line on stderr, exit 2', () => {
    const { status, stderr } = session([{ action: 'claimable', args: { user: 'U0', timestamp: '1' } }]);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/claimable before load_state/);
  });
});

/**
 * The Soroban driver's `claimable` (adapters/soroban/src/claimable.rs): each asked claim is the
 * real contract's claim, run at the asked time and rolled back. Over the protocol, on a short
 * sequence that gives users backstop emissions (deposits in P0 and P3, distributions) and pool
 * emissions (supplies and a borrow in P0, gulps), its answers equal the reference model's
 * (model/claimable.ts `claimable` on the same world) to the stroop, errors included, at `now`, an
 * hour ahead and before the records (a panic); and the request changes nothing: the state after
 * it is, byte for byte, the state before it, the model's, and that of a driver never asked, also
 * after further steps (a real claim among them).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { worldConfigOf } from '../../adapters/model/server.ts';
import { claimable, type ClaimableResult } from '../../model/claimable.ts';
import type { World } from '../../model/state.ts';
import { apply } from '../../model/world.ts';
import { requestToAction, type ProtocolAction } from '../../src/protocol/messages.ts';
import { stateText } from '../../src/protocol/state-text.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS, SKIP_REASON } from './driver.ts';

type Req = { action: string; args: Record<string, unknown> };
type Reply = { id: number; ok: boolean; result?: unknown; error?: unknown };

/** adapters/soroban/scripts/claimable.jsonl: backstop and pool emissions for U0..U3, then questions. */
const SCRIPT = readFileSync(new URL('../../adapters/soroban/scripts/claimable.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const { action, args } = JSON.parse(l) as Req;
    return { action, args };
  });
const HANDSHAKE = SCRIPT.find((r) => r.action === 'handshake')!;
const INIT = SCRIPT.find((r) => r.action === 'init')!;
const WORLD = INIT.args.world as Record<string, unknown>;
const START = BigInt(WORLD.start as string);
/** The script's steps before its first `state`. */
const SETUP: readonly Req[] = SCRIPT.slice(
  SCRIPT.indexOf(INIT) + 1,
  SCRIPT.findIndex((r) => r.action === 'state'),
);
/** After the question: a real claim of each kind, time, a gulp. */
const AFTER: readonly Req[] = [
  {
    action: 'backstop.claim',
    args: { contract: 'backstop', from: 'U0', pool_addresses: ['P0'], min_lp_tokens_out: '0', to: 'U0' },
  },
  { action: 'pool.claim', args: { contract: 'P0', from: 'U2', reserve_token_ids: [1, 2], to: 'U2' } },
  { action: 'advance_time', args: { seconds: '600' } },
  { action: 'pool.gulp_emissions', args: { contract: 'P0' } },
];
/** The ledger time after SETUP. */
const NOW = SETUP.reduce((t, r) => (r.action === 'advance_time' ? t + BigInt(r.args.seconds as string) : t), START);

/** The questions: every user, at now, an hour ahead and at the start (before every record). */
function questions(): Req[] {
  const out: Req[] = [];
  for (const user of ['U0', 'U1', 'U2', 'U3'])
    for (const t of [NOW, NOW + 3600n, START])
      out.push({
        action: 'claimable',
        args: {
          user,
          timestamp: t.toString(),
          backstop: { contract: 'backstop', pools: ['P0', 'P3', 'P1', 'P2'] },
          pools: [
            { contract: 'P0', reserve_token_ids: [0, 1, 2, 3, 9] },
            { contract: 'P1', reserve_token_ids: [1] },
          ],
        },
      });
  return out;
}

/** The driver's replies to HANDSHAKE, INIT and `requests` (in one process). */
async function drive(requests: readonly Req[]): Promise<Reply[]> {
  const lines = [HANDSHAKE, INIT, ...requests].map((r, id) => JSON.stringify({ id, ...r }));
  const r = spawnSync(await driverBinary(), [], { input: `${lines.join('\n')}\n`, encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const replies = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Reply);
  expect(replies).toHaveLength(lines.length);
  return replies.slice(2);
}

/** The model's claimable answer in the protocol's reply form. */
function wire(r: ClaimableResult): unknown {
  const one = (e: ClaimableResult['backstop'][number] | ClaimableResult['pools'][number]) =>
    e.ok ? { amount: e.amount.toString() } : { error: e.error };
  return {
    backstop: r.backstop.map((e) => ({ pool: e.pool, ...one(e) })),
    pools: r.pools.map((e) => ({ pool: e.pool, reserve_token_id: e.reserveTokenId, ...one(e) })),
  };
}

function modelReply(w: World, q: Req): unknown {
  const a = q.args as {
    user: string;
    timestamp: string;
    backstop: { contract: string; pools: string[] };
    pools: { contract: string; reserve_token_ids: number[] }[];
  };
  return wire(
    claimable(w, {
      user: a.user,
      timestamp: BigInt(a.timestamp),
      backstop: a.backstop,
      pools: a.pools.map((p) => ({ contract: p.contract, reserveTokenIds: p.reserve_token_ids })),
    }),
  );
}

const STATE: Req = { action: 'state', args: {} };
const FRESH: Req = { action: 'state', args: { fresh: true } };

describe.runIf(RUN_DRIVER_TESTS)("the Soroban driver's claimable: the real claims, rolled back", () => {
  it(
    'equals model/claimable.ts to the stroop and leaves the state byte-identical',
    async () => {
      const qs = questions();
      // asked: setup, state, the questions, state (kept and fresh), then further steps with states
      const asked = [...SETUP, STATE, ...qs, STATE, FRESH, ...AFTER.flatMap((r) => [r, STATE])];
      const never = [...SETUP, STATE, STATE, FRESH, ...AFTER.flatMap((r) => [r, STATE])];
      const [a, b] = [await drive(asked), await drive(never)];

      // the model on the same world: the same replies to the setup
      const w = createWorld(PROFILES['blend-v2'], worldConfigOf(WORLD));
      for (const [i, r] of SETUP.entries()) {
        const out = apply(w, requestToAction(r.action as ProtocolAction, r.args as never));
        expect(a[i]!.ok, `${r.action}: ${JSON.stringify(a[i])}`).toBe(true);
        expect(out.ok, r.action).toBe(true);
        if (out.ok) expect(a[i]!.result).toEqual(out.result === null ? null : out.result.toString());
      }
      const before = a[SETUP.length]!.result;
      expect(before).toEqual(JSON.parse(stateText(w)));

      // every answer equals the model's, and the sequence reaches amounts and errors of both kinds
      const answers = a.slice(SETUP.length + 1, SETUP.length + 1 + qs.length);
      const positive = { backstop: 0, pools: 0 };
      const errors = new Set<string>();
      for (const [i, q] of qs.entries()) {
        const want = modelReply(w, q);
        expect(answers[i], JSON.stringify(q.args)).toEqual({ id: answers[i]!.id, ok: true, result: want });
        const r = answers[i]!.result as {
          backstop: { amount?: string; error?: { contract: string; code: number } }[];
          pools: typeof r.backstop;
        };
        for (const kind of ['backstop', 'pools'] as const)
          for (const e of r[kind]) {
            if (e.amount !== undefined && BigInt(e.amount) > 0n) positive[kind]++;
            if (e.error !== undefined) errors.add(`${e.error.contract}#${e.error.code}`);
          }
      }
      // at now and an hour ahead: U0 in P0 and P3, U1 in P0; U2's supply of reserve 0 (id 1) and
      // borrow of reserve 1 (id 2), the two with emissions (U3's supply of reserve 1, id 3, has none)
      expect(positive).toEqual({ backstop: 6, pools: 4 });
      expect([...errors].sort()).toEqual(expect.arrayContaining(['Backstop#1000', 'Pool#1200', 'WasmVm#6']));

      // nothing changed: the states after the questions, and after every later step, are the
      // never-asked driver's (and the model's at the end)
      const rest = a.slice(SETUP.length + 1 + qs.length);
      const restB = b.slice(SETUP.length + 1);
      expect(rest).toHaveLength(restB.length);
      for (const [i, r] of rest.entries()) expect(r, `reply ${i} after the questions`).toEqual({ ...restB[i], id: r.id });
      expect(rest[0]!.result).toEqual(before);
      expect(rest[1]!.result).toEqual(before);
      for (const r of AFTER) apply(w, requestToAction(r.action as ProtocolAction, r.args as never));
      expect(rest.at(-1)!.result).toEqual(JSON.parse(stateText(w)));
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'the handshake lists claimable',
    async () => {
      const r = spawnSync(await driverBinary(), [], { input: `${JSON.stringify({ id: 0, ...HANDSHAKE })}\n`, encoding: 'utf8' });
      expect((JSON.parse(r.stdout) as { result: { actions: string[] } }).result.actions).toContain('claimable');
    },
    BUILD_TIMEOUT_MS,
  );
});

if (!RUN_DRIVER_TESTS) it.skip(`skipped: ${SKIP_REASON}`, () => {});

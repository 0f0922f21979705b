/**
 * `node --import tsx scripts/estimators-compare.ts [runs] [seed]`: measures the blend-sdk
 * estimator (adapters/blend-sdk/estimate.ts) against the model on generated blend-v2 runs (the
 * worlds' 6-, 7-, 9- and 18-decimal reserves): after every step, for every user, every pool's
 * configured reserve token ids and every backstop pool the user holds shares in, at the state's
 * `now` and one day later, it compares the SDK's estimate with what the model's claim would pay
 * then (claim_emissions run in a transaction and rolled back; a pool claim's funds checks are not
 * part of the estimate). Differences beyond 1 stroop + 2^-52 relative are counted by reserve
 * decimals and by whether the user had a stored accrual; the largest witness of each kind is
 * printed. This is a measuring script (docs/estimators.md quotes it), not a test.
 */
import * as fc from 'fast-check';
import { estimateClaimable } from '../adapters/blend-sdk/estimate.ts';
import { claimEmissions } from '../model/backstop/distributor.ts';
import type { Ctx } from '../model/context.ts';
import { ContractError } from '../model/errors.ts';
import { claim } from '../model/pool/distributor.ts';
import { Tx } from '../model/tx.ts';
import type { World } from '../model/state.ts';
import { PROPERTIES } from '../properties/index.ts';
import { commandArbs } from '../src/commands/index.ts';
import { Harness, Stats } from '../src/harness/harness.ts';
import { worldToState } from '../src/protocol/state.ts';
import { DEFAULT_WORLD } from '../src/run.ts';
import { createWorld } from '../src/world/create.ts';
import { PROFILES } from '../spec/profiles.ts';

const runs = Number(process.argv[2] ?? 40);
const seed = Number(process.argv[3] ?? 1);
const DAY = 86_400n;
const profile = PROFILES['blend-v2'];

/** What the model's claim would pay at `t`, or the contract error; the world is left as it was. */
function modelPays(w: World, t: bigint, f: (ctx: Ctx) => bigint): bigint | string {
  const now = w.now;
  const tx = new Tx();
  w.now = t;
  try {
    return f({ w, p: w.profile, tx, events: [] });
  } catch (e) {
    if (e instanceof ContractError) return `${e.contract}#${e.code}`;
    throw e;
  } finally {
    tx.rollback();
    w.now = now;
  }
}

const close = (blnd: number, stroops: bigint): boolean => {
  const exact = Number(stroops) / 1e7;
  return Math.abs(blnd - exact) <= 1e-7 + Math.abs(exact) * 2 ** -52;
};

let compared = 0;
/** Pool estimates compared, by reserve decimals and stored accrual. */
const poolCases = new Map<string, number>();
let steps = 0;
const kinds = new Map<string, { count: number; witness: string; size: number }>();
const note = (kind: string, size: number, witness: string): void => {
  const k = kinds.get(kind) ?? { count: 0, witness, size };
  k.count++;
  if (size >= k.size) Object.assign(k, { size, witness });
  kinds.set(kind, k);
};

const sequences = fc.sample(fc.commands(commandArbs(profile), { maxCommands: 100, size: 'max' }), { seed, numRuns: runs });
for (const seq of sequences) {
  const w = createWorld(profile, DEFAULT_WORLD);
  const h = new Harness(w, [], new Stats());
  for (const cmd of seq) {
    cmd.run(h, h);
    steps++;
    const st = worldToState(w);
    for (const user of w.users)
      for (const t of [w.now, w.now + DAY]) {
        const pools = [...w.pools.values()]
          .filter((p) => p.address.startsWith('P'))
          .map((p) => ({ contract: p.address, reserve_token_ids: [...p.emisData.keys()] }));
        const est = estimateClaimable(st, { user, timestamp: String(t), pools });
        for (const e of est.pools) {
          const pool = w.pools.get(e.pool)!;
          const pays = modelPays(w, t, (ctx) => {
            // the estimate ignores the pool's funds: give the claim ample allowance inside the rolled-back tx
            const bs = w.backstops.get(pool.backstop)!;
            ctx.tx.set(bs.allowances, pool.address, 1n << 120n);
            ctx.tx.put(bs, 'blnd', 1n << 120n);
            return claim(ctx, pool, user, [e.reserve_token_id], 'estimator_probe');
          });
          compared++;
          if (typeof pays === 'string') {
            if (e.amount > 0)
              note(
                `pool claim reverts (${pays}), SDK shows an amount`,
                e.amount,
                `${e.pool} id ${e.reserve_token_id} ${user} t=${t}: SDK ${e.amount}`,
              );
            continue;
          }
          const r = pool.reserves[Math.floor(e.reserve_token_id / 2)]!;
          const decimals = r.scalar.toString().length - 1;
          const stored = (pool.userEmis.get(user)?.get(e.reserve_token_id)?.accrued ?? 0n) > 0n;
          const key = `${decimals} decimals${stored ? ', stored accrual' : ''}${pays > 0n ? ', pays' : ''}`;
          poolCases.set(key, (poolCases.get(key) ?? 0) + 1);
          if (close(e.amount, pays)) continue;
          const diff = e.amount - Number(pays) / 1e7;
          note(
            `pool, ${decimals} decimals, ${stored ? 'stored accrual' : 'no stored accrual'}`,
            Math.abs(diff),
            `${e.pool} id ${e.reserve_token_id} ${user} t=${t}: SDK ${e.amount} BLND, contract ${Number(pays) / 1e7} BLND (${pays} stroops), diff ${diff}`,
          );
        }
        for (const [bsAddr, bs] of w.backstops) {
          const held = [...bs.userBalances].filter(([, m]) => (m.get(user)?.shares ?? 0n) > 0n).map(([pool]) => pool);
          if (held.length === 0) continue;
          const est2 = estimateClaimable(st, { user, timestamp: String(t), backstop: { contract: bsAddr, pools: held } });
          for (const e of est2.backstop) {
            const pb = bs.poolBalances.get(e.pool)!;
            const ub = bs.userBalances.get(e.pool)!.get(user)!;
            const pays = modelPays(w, t, (ctx) => claimEmissions(ctx, bs, e.pool, pb, user, ub));
            compared++;
            if (typeof pays === 'string') {
              note(
                `backstop claim reverts (${pays}), SDK shows ${e.amount > 0 ? 'an amount' : '0'}`,
                e.amount,
                `${bsAddr}/${e.pool} ${user} t=${t}: SDK ${e.amount}`,
              );
              continue;
            }
            if (!close(e.amount, pays))
              note(
                'backstop',
                Math.abs(e.amount - Number(pays) / 1e7),
                `${bsAddr}/${e.pool} ${user} t=${t}: SDK ${e.amount}, contract ${pays} stroops`,
              );
          }
        }
      }
  }
}
process.stdout.write(
  `blend-sdk estimator vs model, blend-v2, seed ${seed}: ${runs} runs, ${steps} steps, ${compared} estimates compared\n`,
);
process.stdout.write(
  `  pool estimates by case: ${[...poolCases]
    .sort()
    .map(([k, n]) => `${k}: ${n}`)
    .join('; ')}\n`,
);
for (const [kind, k] of [...kinds].sort()) process.stdout.write(`  ${kind}: ${k.count} differences; largest: ${k.witness}\n`);
if (kinds.size === 0) process.stdout.write('  no difference\n');

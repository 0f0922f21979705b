/**
 * Directed sequences for `blend-harness check --corpus DIR`: the generated runs rarely get as far
 * as a backstop claim (deposit, emitter and backstop distribution, pool gulp, time) or as interest
 * on a borrowed reserve within 50 steps, so this writes corpus entries that do, for the check to
 * replay in lockstep (every reply, invariant and state compared) before its random runs:
 *
 * - `claims`: deposits into reward-zone pools, distributions and gulps, then claims of every size
 *   (dust that mints no LP, a few BLND, hundreds), min_lp_tokens_out at the exact output and one
 *   stroop above it (Comet ErrLimitOut), Comet compositions moved up and down, a composition so
 *   thin in BLND that the claim exceeds MAX_IN_RATIO (Comet ErrMaxInRatio);
 * - `lending`: supplies to both reserves, borrows up to and past the health factor and the
 *   maximum utilisation, hours to months of interest, repayments over and under the debt,
 *   withdrawals of collateral near the health limit.
 *
 * Each sequence is planned on the reference model (to aim min_lp_tokens_out and borrow sizes), so
 * the entries are blend-v2 sequences the model answers; the implementation must answer the same.
 *
 *   node --import tsx adapters/soroban/scripts/directed.ts OUT_DIR [COUNT] [SEED]
 */
import { mkdirSync } from 'node:fs';
import type { Action } from '../../../model/actions.ts';
import { toCall } from '../../../model/actions.ts';
import { apply, type Outcome } from '../../../model/world.ts';
import { createWorld, type WorldConfig } from '../../../src/world/create.ts';
import type { World } from '../../../model/state.ts';
import { PROFILES } from '../../../spec/profiles.ts';
import { saveToCorpus, worldToJson } from '../../../src/check/corpus.ts';
import { DEFAULT_WORLD } from '../../../src/run.ts';

const [outDir, countArg, seedArg] = process.argv.slice(2);
if (outDir === undefined) {
  process.stderr.write('usage: directed.ts OUT_DIR [COUNT] [SEED]\n');
  process.exit(2);
}
const COUNT = Number(countArg ?? 20);
let state = BigInt(seedArg ?? 1) * 6364136223846793005n + 1442695040888963407n;
/** A 64-bit LCG: reproducible sequences for a seed. */
function rand(n: number): number {
  state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  return Number((state >> 33n) % BigInt(n));
}
const randBig = (lo: bigint, hi: bigint): bigint => lo + (((BigInt(rand(1 << 30)) << 30n) | BigInt(rand(1 << 30))) % (hi - lo + 1n));

const profile = PROFILES['blend-v2'];
const WORLD: WorldConfig = DEFAULT_WORLD;
const DAY = 86_400n;

class Plan {
  readonly w: World = createWorld(profile, WORLD);
  readonly actions: Action[] = [];
  do(a: Action): Outcome {
    this.actions.push(a);
    return apply(this.w, a);
  }
  advance(seconds: bigint): void {
    this.do({ fn: 'advance_time', seconds });
  }
}

const users = (n: number) => Array.from({ length: n }, (_, i) => `U${i}`);
const lpOf = (o: Outcome): bigint => (o.ok && o.result !== null ? o.result : 0n);

/** Deposits, distributions, gulps and claims of every size on the reward-zone pools P0, P1. */
function claims(): Plan {
  const p = new Plan();
  const pools = ['P0', 'P1'];
  for (const u of users(4 + rand(5))) {
    p.do({ fn: 'backstop.deposit', backstop: 'backstop', from: u, pool: pools[rand(2)]!, amount: randBig(1_0000000n, 2_000_000_0000000n) });
  }
  for (let round = 0; round < 6; round++) {
    p.advance(DAY + BigInt(rand(3600)));
    p.do({ fn: 'emitter.distribute' });
    p.do({ fn: 'backstop.distribute', backstop: 'backstop' });
    for (const pool of pools) p.do({ fn: 'pool.gulp_emissions', pool });
    for (let k = 0; k < 4; k++) {
      // from 1 second (dust) to days of accrual
      p.advance([1n, 5n, 60n, 3600n, DAY][rand(5)]!);
      const from = `U${rand(8)}`;
      const list = rand(3) === 0 ? [...pools] : [pools[rand(2)]!];
      const probe = apply(createWorldCopy(p), {
        fn: 'backstop.claim',
        backstop: 'backstop',
        from,
        pools: list,
        minLpTokensOut: 0n,
        to: from,
      });
      const exact = lpOf(probe);
      // min out: 0, exactly what Comet mints, or one stroop more (ErrLimitOut)
      const minOut = [0n, exact, exact + 1n][rand(3)]!;
      p.do({ fn: 'backstop.claim', backstop: 'backstop', from, pools: list, minLpTokensOut: minOut, to: from });
    }
    if (rand(2) === 0) {
      // the composition moves: BLND and USDC per LP from x1/4 to x4 of 5 and 0.1
      p.do({
        fn: 'set_lp_price',
        blndPerLp: (50_000_000n * BigInt([1, 2, 4, 8, 16][rand(5)]!)) / 4n,
        usdcPerLp: (1_000_000n * BigInt([1, 2, 4, 8, 16][rand(5)]!)) / 4n,
      });
    }
  }
  // so thin in BLND that a claim exceeds a third of the Comet's balance: ErrMaxInRatio
  p.do({ fn: 'set_lp_price', blndPerLp: 1n, usdcPerLp: 1_000_000n });
  p.advance(7n * DAY);
  for (const from of users(4))
    p.do({ fn: 'backstop.claim', backstop: 'backstop', from, pools: ['P0', 'P1'], minLpTokensOut: 0n, to: from });
  return p;
}

/** A copy of the planned world, for a probe (the model's World is mutable). */
function createWorldCopy(p: Plan): World {
  const w = createWorld(profile, WORLD);
  for (const a of p.actions) apply(w, a);
  return w;
}

/** Supplies, borrows, interest over time, repayments and withdrawals on P0 and P1. */
function lending(): Plan {
  const p = new Plan();
  const pool = ['P0', 'P1', 'P3'][rand(3)]!;
  const lenders = users(3);
  const borrowers = ['U3', 'U4', 'U5'];
  for (const u of [...lenders, ...borrowers]) {
    p.do({ fn: 'pool.submit', pool, from: u, request: 'supply', reserveIndex: rand(2), amount: randBig(10_0000000n, 1_000_000_0000000n) });
  }
  for (let round = 0; round < 12; round++) {
    const from = borrowers[rand(3)]!;
    const reserveIndex = rand(2);
    const r = p.w.pools.get(pool)!.reserves[reserveIndex]!;
    let collateral = 0n;
    for (const b of p.w.pools.get(pool)!.positions.get(from)?.supply.values() ?? []) collateral += b;
    // up to and past the health limit (0.5625 of collateral) and the reserve's liquidity
    const cap = [collateral / 4n, (collateral * 56n) / 100n, (collateral * 57n) / 100n, r.bSupply - r.dSupply][rand(4)]!;
    if (cap > 0n) p.do({ fn: 'pool.submit', pool, from, request: 'borrow', reserveIndex, amount: randBig(1n, cap) });
    p.advance([3600n, DAY, 10n * DAY, 60n * DAY][rand(4)]!);
    switch (rand(4)) {
      case 0:
        p.do({ fn: 'pool.submit', pool, from, request: 'repay', reserveIndex, amount: randBig(1n, (r.dSupply * 12n) / 10n + 1n) });
        break;
      case 1:
        p.do({
          fn: 'pool.submit',
          pool,
          from: borrowers[rand(3)]!,
          request: 'withdraw',
          reserveIndex: rand(2),
          amount: randBig(1n, collateral + 1n),
        });
        break;
      case 2:
        p.do({
          fn: 'pool.submit',
          pool,
          from: lenders[rand(3)]!,
          request: ['supply', 'withdraw'][rand(2)] as 'supply' | 'withdraw',
          reserveIndex: rand(2),
          amount: randBig(1n, 100_000_0000000n),
        });
        break;
      default:
        p.do({
          fn: 'pool.submit',
          pool,
          from: lenders[rand(3)]!,
          request: 'borrow',
          reserveIndex: rand(2),
          amount: randBig(1n, 50_000_0000000n),
        });
    }
  }
  // everyone repays in full (the excess refunded), then withdraws everything
  for (const u of borrowers)
    for (const i of [0, 1]) p.do({ fn: 'pool.submit', pool, from: u, request: 'repay', reserveIndex: i, amount: 10_000_000_0000000n });
  for (const u of [...lenders, ...borrowers])
    for (const i of [0, 1]) p.do({ fn: 'pool.submit', pool, from: u, request: 'withdraw', reserveIndex: i, amount: 10_000_000_0000000n });
  return p;
}

mkdirSync(outDir, { recursive: true });
const seed = Number(seedArg ?? 1);
let accepted = 0;
let total = 0;
for (let i = 0; i < COUNT; i++) {
  const kind = i % 2 === 0 ? 'claims' : 'lending';
  const p = kind === 'claims' ? claims() : lending();
  const check = createWorld(profile, WORLD);
  for (const a of p.actions) {
    total++;
    if (apply(check, a).ok) accepted++;
  }
  saveToCorpus(
    outDir,
    {
      profile: profile.name,
      seed,
      path: `directed:${kind}:${i}`,
      world: worldToJson(WORLD),
      found: {
        implementation: 'adapters/soroban/scripts/directed.ts',
        finding: `directed ${kind} sequence ${i} (seed ${seed}): not a divergence, a sequence for the check to replay`,
      },
      steps: p.actions.map((a) => toCall(a)),
    },
    p.actions,
  );
}
process.stdout.write(`${COUNT} directed sequences in ${outDir}: ${total} steps, ${accepted} accepted by the model\n`);

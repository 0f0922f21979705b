/**
 * The pool's high-half chain (src/commands/pool-high.ts) on its own, from the default world: its
 * actions as the model performs them, then, with `--impl soroban`, the same actions in lockstep
 * against the Soroban driver (the bundled contracts, or `--wasm pool=FILE`, for example a mutant
 * that `mutate` wrote under OUT/wasm/), as `check` replays a corpus sequence. A direct look at what
 * the chain reaches, without waiting for a random run to pick it.
 *
 *   npx tsx scripts/pool-high.ts [--pool P0] [--from U1] [--other U2] [--impl soroban [--wasm pool=FILE]]
 *
 * Exit 0: no divergence (or the model's actions only); 1: a divergence, printed; 2: bad usage; 3: a
 * fault of the driver. Needs CARGO_TARGET_DIR (or the default target) for the driver, as `check
 * --impl soroban` does.
 */
import { PROPERTIES } from '../properties/index.ts';
import { PROFILES } from '../spec/profiles.ts';
import { DEFAULT_WORLD } from '../src/run.ts';
import { createWorld } from '../src/world/create.ts';
import { Harness, Stats } from '../src/harness/harness.ts';
import { HighHalfChain } from '../src/commands/pool-high.ts';
import { ReachCounter } from '../src/commands/reach.ts';
import { replaySequence } from '../src/check/replay-corpus.ts';
import { ensureSorobanDriver, shellQuote } from '../src/check/soroban.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { ImplementationFault } from '../src/check/implementation.ts';
import type { Action } from '../model/actions.ts';

async function main(argv: string[]): Promise<number> {
  const opt = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i]!, argv[i + 1]];
    if (!['--pool', '--from', '--other', '--impl', '--wasm'].includes(k) || v === undefined) {
      process.stderr.write(
        `pool-high: bad argument "${k}" (usage: [--pool P0] [--from U1] [--other U2] [--impl soroban [--wasm pool=FILE]])\n`,
      );
      return 2;
    }
    opt.set(k, v);
  }
  const profile = PROFILES['blend-v2'];
  const world = createWorld(profile, DEFAULT_WORLD);
  // the generated world's addresses are its logical names (P0, U1, ...)
  const pool = opt.get('--pool') ?? 'P0';
  const from = opt.get('--from') ?? 'U1';
  const other = opt.get('--other') ?? 'U2';
  if (!world.pools.has(pool) || !world.users.includes(from) || !world.users.includes(other)) {
    process.stderr.write('pool-high: no such pool or user in the default world\n');
    return 2;
  }
  const counter = new ReachCounter();
  const h = new Harness(world, PROPERTIES, new Stats(), counter.apply);
  const actions: Action[] = [];
  for (const a of new HighHalfChain(pool, from, other).actions(h)) {
    const out = h.step(a);
    actions.push(a);
    process.stdout.write(
      `  ${actions.length}. ${JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? v.toString() : v))} -> ${out.ok ? 'ok' : `${out.error.contract}#${out.error.code}`}\n`,
    );
  }
  process.stdout.write(`reach: ${JSON.stringify(Object.fromEntries([...counter.counts].filter(([k]) => k.startsWith('pool-high'))))}\n`);
  if (opt.get('--impl') !== 'soroban') return 0;
  const binary = await ensureSorobanDriver({ notice: (l) => process.stderr.write(`${l}\n`) });
  const wasm = opt.get('--wasm');
  const impl = new SubprocessImplementation({
    command: shellQuote(binary) + (wasm === undefined ? '' : ` --wasm ${shellQuote(wasm)}`),
    timeoutMs: 30_000,
  });
  try {
    const got = await replaySequence(profile.name, DEFAULT_WORLD, actions, impl);
    if (got.kind === 'pass') {
      process.stdout.write(`no divergence over ${got.steps} steps\n`);
      return 0;
    }
    process.stdout.write(
      got.kind === 'divergence' ? `DIVERGENCE: ${got.message}\n` : `the model violates ${got.property} at step ${got.step + 1}\n`,
    );
    return 1;
  } catch (e) {
    if (!(e instanceof ImplementationFault)) throw e;
    process.stdout.write(`FAULT (${e.kind}): ${e.message}\n`);
    return 3;
  } finally {
    await impl.close();
  }
}

process.exitCode = await main(process.argv.slice(2));

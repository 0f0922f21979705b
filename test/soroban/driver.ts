/**
 * Shared by the tests that run the real contracts through the Soroban driver: they run when cargo
 * is on PATH (building the driver through `--impl soroban`'s own resolution when needed) and under
 * CI always (where a missing cargo fails them); elsewhere they are skipped, saying why. Also
 * their way of running the CLI in process (`cli`, `checkSoroban`, `errLines`).
 */
import { afterAll, beforeAll } from 'vitest';
import type { Handshake } from '../../src/protocol/messages.ts';
import { ensureSorobanDriver, findCargo, shellQuote, sorobanTargetDir } from '../../src/check/soroban.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';

export const IN_CI = Boolean(process.env.CI);
export const CARGO = findCargo();
export const RUN_DRIVER_TESTS = CARGO !== undefined || IN_CI;
export const SKIP_REASON =
  'cargo is not on PATH, so the Soroban driver cannot be built (install Rust: https://rustup.rs; under CI these tests run and fail instead)';
/** A clean build of the driver takes ~2.5 min on 2 cores (crates downloaded); give it room. */
export const BUILD_TIMEOUT_MS = 15 * 60_000;

if (!RUN_DRIVER_TESTS) console.warn(`[Soroban driver tests] skipped: ${SKIP_REASON}`);

let built: Promise<string> | undefined;
/** The driver's binary, built once per test file (cargo's own lock serialises concurrent builds). */
export function driverBinary(): Promise<string> {
  built ??= ensureSorobanDriver({ notice: (l) => console.warn(`[Soroban driver tests] ${l}`) });
  return built;
}

export const TARGET_DIR = sorobanTargetDir();

/**
 * One driver process for the tests of the describe block that calls it: started (the driver built
 * if need be) and handshaken for blend-v2 before them (`onHandshake` sees the reply), closed after
 * them. Returns the process, for the tests to call once they run.
 */
export function v2DriverForSuite(onHandshake?: (hs: Handshake) => void): () => SubprocessImplementation {
  let impl: SubprocessImplementation | undefined;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    const hs = await impl.handshake('blend-v2');
    onHandshake?.(hs);
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());
  return () => {
    if (impl === undefined) throw new Error('the driver process is not started (used outside a test?)');
    return impl;
  };
}

/** `blend-harness ARGS` in this process: test/cli-helpers.ts `cli`. */
import { cli } from '../cli-helpers.ts';
export { cli };

/** The lines of stderr without the driver's build notice (`building the Soroban driver …`). */
export const errLines = (err: string): string[] => err.split('\n').filter((l) => l !== '' && !l.startsWith('building the Soroban driver'));

/**
 * `check --impl soroban --profile PROFILE --runs R --steps S [--seed N] --out OUT EXTRA…` in this
 * process (`cli`): the driver built when needed, its reports under `out`.
 */
export function checkSoroban(
  o: { profile: string; runs: number; steps: number; seed?: number; out: string },
  ...extra: string[]
): Promise<{ code: number; out: string; err: string }> {
  const seed = o.seed === undefined ? [] : ['--seed', String(o.seed)];
  return cli([
    'check',
    '--impl',
    'soroban',
    '--profile',
    o.profile,
    '--runs',
    String(o.runs),
    '--steps',
    String(o.steps),
    ...seed,
    '--out',
    o.out,
    ...extra,
  ]);
}

/**
 * Shared by the tests that run the real contracts through the Soroban driver: they run when cargo
 * is on PATH (building the driver through `--impl soroban`'s own resolution when needed) and under
 * CI always (where a missing cargo fails them); elsewhere they are skipped, saying why.
 */
import { ensureSorobanDriver, findCargo, sorobanTargetDir } from '../../src/check/soroban.ts';

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

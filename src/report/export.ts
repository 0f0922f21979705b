/**
 * A counterexample exported as tests, beside the reports:
 *
 * - `counterexample.test.ts`: a vitest regression test that replays the steps on the reference
 *   model with every property checked (it fails while the failure is there);
 * - `counterexample_test.rs`: a Rust test that replays the same steps, as check-protocol requests,
 *   on the real Blend v2 contracts through the Soroban driver's genesis (adapters/soroban, which
 *   deploys them from blend-contract-sdk's WASM), asserting after every step that the contracts
 *   answer what the reference model answers. Copy it into `adapters/soroban/tests/` and run
 *   `cargo test --release --manifest-path adapters/soroban/Cargo.toml`.
 *
 * Both are written through temporary files renamed into place, as the reports are.
 */
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { toCall, type Action } from '../../model/actions.ts';
import { apply } from '../../model/world.ts';
import { createWorld, type WorldConfig } from '../world/create.ts';
import { runtimeModule } from '../package-root.ts';
import { getProfile } from '../../spec/profiles.ts';
import { actionToRequest } from '../protocol/messages.ts';
import { worldToJson } from '../check/corpus.ts';
import type { Counterexample, RunResult } from '../run.ts';
import { writeFilesAtomically } from '../io/files.ts';

export const VITEST_EXPORT = 'counterexample.test.ts';
export const RUST_EXPORT = 'counterexample_test.rs';

/** A Rust identifier from a property ID and a seed: `blnd_claim_001_seed_5`. */
const rustName = (c: Counterexample): string =>
  `${c.property}_seed_${c.seed}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** A JSON value as a Rust raw string literal (r#"..."#, with enough hashes). */
function rawString(json: string): string {
  let hashes = '#';
  while (json.includes(`"${hashes}`)) hashes += '#';
  return `r${hashes}"${json}"${hashes}`;
}

/** The reply the reference model gives to each action, as the protocol writes it. */
export function modelReplies(
  profileName: string,
  world: WorldConfig,
  actions: readonly Action[],
): { ok: boolean; result?: string | null; error?: { contract: string; code: number } }[] {
  const profile = getProfile(profileName);
  if (profile === undefined) throw new Error(`unknown profile ${profileName}`);
  const w = createWorld(profile, world);
  return actions.map((a) => {
    const out = apply(w, a);
    return out.ok
      ? { ok: true, result: out.result === null ? null : out.result.toString() }
      : { ok: false, error: { contract: out.error.contract, code: out.error.code } };
  });
}

/**
 * The Rust test, or undefined where the driver cannot run the counterexample (a snapshot world,
 * or a profile other than blend-v2, the contracts it deploys).
 */
export function renderRustTest(res: Pick<RunResult, 'profile' | 'world' | 'counterexample'>): string | undefined {
  const c = res.counterexample;
  if (c === undefined || 'snapshot' in res.world || res.profile !== 'blend-v2') return undefined;
  const world = res.world as WorldConfig;
  const replies = modelReplies(res.profile, world, c.actions);
  const init = JSON.stringify({ profile: res.profile, world: worldToJson(world) });
  const steps = c.actions.map((a, i) => {
    const request = JSON.stringify(actionToRequest(a));
    const reply = JSON.stringify(replies[i]);
    return [`    // step ${i + 1}: ${toCall(a)}`, `    step(&mut driver, ${i + 1}, ${rawString(request)}, ${rawString(reply)});`].join(
      '\n',
    );
  });
  return [
    `//! ${c.property} counterexample (seed ${c.seed}, path ${c.path || '-'}), exported by blend-emissions-harness.`,
    `//! ${c.message.replace(/\n/g, ' ')}`,
    '//!',
    '//! Replays the shrunk steps on the real Blend v2 contracts (blend-contract-sdk WASM in the Soroban',
    "//! host, deployed by the driver's genesis) and asserts that every reply is the reference model's.",
    '//! Copy into adapters/soroban/tests/ and run: cargo test --release --manifest-path adapters/soroban/Cargo.toml',
    'use blend_harness_soroban::Driver;',
    '',
    '/// Send one request and compare the reply (value or contract error) with the expected one.',
    'fn step(driver: &mut Driver, n: usize, request: &str, expected: &str) {',
    '    let request: serde_json::Value = serde_json::from_str(request).unwrap();',
    '    let expected: serde_json::Value = serde_json::from_str(expected).unwrap();',
    '    let reply = driver.call(&request);',
    '    assert_eq!(reply, expected, "step {n}: {request}");',
    '}',
    '',
    '#[test]',
    `fn ${rustName(c)}() {`,
    `    let mut driver = Driver::init(&serde_json::from_str(${rawString(init)}).unwrap()).expect("genesis");`,
    ...steps,
    '}',
    '',
  ].join('\n');
}

/** The vitest test, importing the harness from where `dir` is. */
export function renderVitestExport(res: RunResult, regressionTest: string, dir: string): string {
  // the installed package's compiled dist/src/replay.js, or in a checkout src/replay.ts
  const replayModule = runtimeModule('src/replay.ts');
  let rel = relative(resolve(dir), replayModule).split('\\').join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return regressionTest.replace("from '../src/replay.ts'", `from '${rel}'`);
}

/** Write the counterexample's tests into `dir`; returns the files written. */
export function writeCounterexampleTests(dir: string, res: RunResult, regressionTest: string | undefined): string[] {
  const files: [string, string][] = [];
  if (regressionTest !== undefined) files.push([VITEST_EXPORT, renderVitestExport(res, regressionTest, dir)]);
  const rust = renderRustTest(res);
  if (rust !== undefined) files.push([RUST_EXPORT, rust]);
  else rmSync(join(dir, RUST_EXPORT), { force: true });
  writeFilesAtomically(dir, files);
  return files.map(([name]) => join(dir, name));
}

/** A passing run removes the tests an earlier failure left in `dir`. */
export function removeCounterexampleTests(dir: string): string[] {
  for (const name of [VITEST_EXPORT, RUST_EXPORT]) rmSync(join(dir, name), { force: true });
  return [];
}

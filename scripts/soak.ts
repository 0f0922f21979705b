/**
 * `npm run soak [-- ACTIONS [SUBPROCESS_ACTIONS]]`: the no-false-alarm soak. The correct reference
 * model runs at least ACTIONS actions per profile (default 10,000,000) with every invariant
 * checked after every step, in chunks of 10,000 runs of up to 200 steps with consecutive seeds
 * from SEED (default 20261121), so any failure is replayable from its chunk's seed and path. Then,
 * when SUBPROCESS_ACTIONS > 0, the model served over the check protocol (the self-check) is run in
 * lockstep until that many actions per profile (chunks of 2,000 runs of up to 200 steps, one child
 * process each; every state reply is compared with the model's canonical text byte for byte, and at
 * every 64th step, and whenever it differs, it is read, validated and compared in full, so the
 * state reader is soaked too). Prints per profile the actions, runs, failures and
 * actions per second; exits 1 on any failure (with its seed, path and steps).
 * SOAK_PROFILES=documented,blend-v2 limits the profiles (to run them in parallel processes); each
 * chunk over the protocol prints a progress line on stderr, so a stopped soak still tells how far
 * it went.
 */
import { runSuite } from '../src/run.ts';
import { runCheck } from '../src/check/check.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { MODEL_IMPL_COMMAND } from '../src/cli/main.ts';
import { PROFILES, PROFILE_NAMES, type ProfileName } from '../spec/profiles.ts';

const target = Number(process.argv[2] ?? 10_000_000);
const subprocessTarget = Number(process.argv[3] ?? 0);
const seed0 = Number(process.env.SEED ?? 20261121);
const CHUNK_RUNS = 10_000;
/** Over the protocol: read the state in full at every this-many-th step even when it is the model's text. */
const FULL_STATE_EVERY = 64;
/** Over the protocol: runs per chunk (one child process, one progress line). */
const SUBPROCESS_CHUNK_RUNS = 2_000;
const STEPS = 200;
let failures = 0;
const selected = (process.env.SOAK_PROFILES ?? PROFILE_NAMES.join(',')).split(',').map((x) => x.trim());
for (const x of selected) {
  if (!(PROFILE_NAMES as readonly string[]).includes(x)) {
    console.error(`soak: SOAK_PROFILES: expected some of ${PROFILE_NAMES.join(', ')}, got ${JSON.stringify(x)}`);
    process.exit(2);
  }
}
const profiles = PROFILE_NAMES.filter((n: ProfileName) => selected.includes(n));
for (const [arg, v] of [
  ['ACTIONS', target],
  ['SUBPROCESS_ACTIONS', subprocessTarget],
] as const) {
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(
      `soak: ${arg}: expected a whole number of actions, got ${JSON.stringify(arg === 'ACTIONS' ? process.argv[2] : process.argv[3])}`,
    );
    process.exit(2);
  }
}

console.log(
  `soak: at least ${target.toLocaleString('en-US')} actions per profile on the model (chunks of ${CHUNK_RUNS} runs of up to ${STEPS} steps, seeds from ${seed0})`,
);
for (const name of profiles) {
  let actions = 0;
  let runs = 0;
  let seed = seed0;
  const t0 = performance.now();
  while (actions < target) {
    const r = runSuite({ profile: PROFILES[name], runs: CHUNK_RUNS, steps: STEPS, seed });
    actions += r.totalSteps;
    runs += r.runsCompleted ?? CHUNK_RUNS;
    if (r.verdict !== 'pass') {
      failures++;
      const c = r.counterexample!;
      console.log(`  FAIL ${name} seed ${seed} path ${c.path}: ${c.property}: ${c.message}`);
      c.steps.forEach((x, i) => console.log(`    ${i + 1}. ${x}`));
    }
    seed++;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${name.padEnd(10)} model        ${actions.toLocaleString('en-US').padStart(12)} actions in ${runs.toLocaleString('en-US')} runs (seeds ${seed0}..${seed - 1}), ${s.toFixed(0)} s, ${Math.round(actions / s).toLocaleString('en-US')} actions/s`,
  );
}

if (subprocessTarget > 0) {
  console.log(
    `\nsoak over the check protocol: at least ${subprocessTarget.toLocaleString('en-US')} actions per profile, the model served by a child process, in lockstep`,
  );
  for (const name of profiles) {
    let actions = 0;
    let seed = seed0;
    const replies = { equal: 0, read: 0 };
    const t0 = performance.now();
    while (actions < subprocessTarget) {
      const impl = new SubprocessImplementation({ command: MODEL_IMPL_COMMAND, timeoutMs: 30_000 });
      try {
        const r = await runCheck({
          profile: PROFILES[name],
          runs: SUBPROCESS_CHUNK_RUNS,
          steps: STEPS,
          seed,
          impl,
          fullStateEvery: FULL_STATE_EVERY,
        });
        actions += r.totalSteps;
        replies.equal += r.stateReplies?.equal ?? 0;
        replies.read += r.stateReplies?.read ?? 0;
        if (r.verdict !== 'pass') {
          failures++;
          console.log(`  ${r.verdict.toUpperCase()} ${name} seed ${seed}: ${r.fault?.message ?? r.counterexample?.message}`);
        }
        console.error(
          `  ${name} subprocess: seed ${seed} done, ${actions.toLocaleString('en-US')} actions, ${failures} failures, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
        );
      } finally {
        await impl.close();
      }
      seed++;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${name.padEnd(10)} subprocess   ${actions.toLocaleString('en-US').padStart(12)} actions (seeds ${seed0}..${seed - 1}; state replies: ${replies.read.toLocaleString('en-US')} read in full, ${replies.equal.toLocaleString('en-US')} the model's text byte for byte), ${s.toFixed(0)} s, ${Math.round(actions / s).toLocaleString('en-US')} actions/s`,
    );
  }
}
console.log(`${failures} failures`);
process.exitCode = failures > 0 ? 1 : 0;

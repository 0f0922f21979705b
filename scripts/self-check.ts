/**
 * `npm run self-check [-- RUNS [STEPS]]`: the reference model served over the check protocol
 * (adapters/model/main.ts, a child process) checked in lockstep against the model, for every
 * profile. Expected: 0 divergences. Prints sequences, steps, time and actions per second per
 * profile; exits 1 on any divergence or fault. Default: 10,000 sequences of up to 50 steps.
 */
import { runCheck } from '../src/check/check.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { MODEL_IMPL_COMMAND } from '../src/cli/main.ts';
import { PROFILES, PROFILE_NAMES } from '../spec/profiles.ts';

const runs = Number(process.argv[2] ?? 10_000);
const steps = Number(process.argv[3] ?? 50);
const seed = Number(process.env.SEED ?? 20261121);
let failed = false;
console.log(
  `self-check: the model over the protocol against the model, ${runs} sequences of up to ${steps} steps per profile, seed ${seed}`,
);
for (const name of PROFILE_NAMES) {
  const impl = new SubprocessImplementation({ command: MODEL_IMPL_COMMAND, timeoutMs: 30_000 });
  const t0 = performance.now();
  try {
    const r = await runCheck({ profile: PROFILES[name], runs, steps, seed, impl });
    const s = (performance.now() - t0) / 1000;
    const divergences = r.verdict === 'pass' ? 0 : 1;
    console.log(
      `${name.padEnd(10)} ${r.verdict.padEnd(5)} ${runs} sequences, ${r.totalSteps} steps, ${divergences} divergences, ${s.toFixed(1)} s, ${Math.round(r.totalSteps / s)} actions/s`,
    );
    if (r.verdict !== 'pass') {
      failed = true;
      console.log(`  ${r.fault ? `fault: ${r.fault.message}` : r.counterexample?.message}`);
      r.counterexample?.steps.forEach((x, i) => console.log(`  ${i + 1}. ${x}`));
    }
  } finally {
    await impl.close();
  }
}
process.exitCode = failed ? 1 : 0;

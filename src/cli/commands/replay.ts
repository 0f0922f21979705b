/**
 * `blend-harness replay FILE`: a counterexample bundle that `run` saved, replayed on the reference
 * model; or a corpus file that `check` saved, replayed against an implementation (`--impl`).
 */
import { loadBundle, sameFailure } from '../../bundle.ts';
import { SubprocessImplementation } from '../../check/subprocess.ts';
import { ImplementationFault } from '../../check/implementation.ts';
import { ensureSorobanDriver, shellQuote, SOROBAN_IMPL, SorobanBuildError } from '../../check/soroban.ts';
import { parseWasmFlags, WASM_NAMES, WasmInputError, wasmArgs, type UserWasm } from '../../check/wasm.ts';
import { InspectError, inspectWasm, provenanceMismatch } from '../../check/inspect.ts';
import { isCorpusEntry, readCorpusFile, replayCorpusEntry } from '../../check/replay-corpus.ts';
import { readInputFile } from '../../io/files.ts';
import { replayCounted, replayVerdict } from '../../replay.ts';
import { describeError } from '../../verdict.ts';
import { fileRefusal, implFlag, TIMEOUT_MS, type CommandDef, type Flag } from '../options.ts';
import {
  BLEND_SDK_IMPL,
  BLEND_SDK_IMPL_COMMAND,
  EXIT,
  int,
  MODEL_IMPL_COMMAND,
  UsageError,
  VERDICT_EXIT,
  type CliIo,
  type Values,
} from '../shared.ts';

const REPLAY_USAGE = 'blend-harness replay FILE [--impl "<command>"|model|soroban|blend-sdk [--timeout-ms T] [--wasm NAME=FILE]...]';

const FLAGS: readonly Flag[] = [
  implFlag(
    'replay a corpus file (a sequence that check saved) in lockstep against this implementation; a corpus file needs it, a bundle takes none',
    false,
  ),
  { ...TIMEOUT_MS, does: `${TIMEOUT_MS.does}; with --impl` },
  {
    name: 'wasm',
    value: 'NAME=FILE',
    does: "with --impl soroban: run the user's build of contract NAME instead of the bundled one; a corpus file that recorded other code for a contract is refused unless that contract is given here",
    allowed: `NAME one of ${WASM_NAMES.join(', ')}; FILE a readable WASM file`,
    default: 'the bundled WASM of every contract',
    repeatable: true,
  },
];

export const REPLAY: CommandDef = {
  name: 'replay',
  summary: 'replay a counterexample that run saved (or a corpus file that check saved, with --impl)',
  description:
    'Replays one file. A counterexample.json that run saved: its steps on a fresh world, every property it lists checked after every step; exit 1 while a failure still happens (3 when the steps raise an error the harness does not understand), 0 only when none does and the recorded failing property was checked, else 4 (insufficient). A corpus file that check saved, with --impl: its steps in lockstep against the implementation; exit 0 no divergence, 1 a divergence, 3 a fault. Exit 2 bad usage or a bad file (docs/exit-codes.md).',
  usage: REPLAY_USAGE,
  operands: { name: '[file]', does: 'the file to replay: one counterexample.json, or one corpus file with --impl' },
  flags: FLAGS,
  refuse: fileRefusal('replay', REPLAY_USAGE),
  action: replay,
};

/** Whether FILE is a corpus entry (`check`'s saved sequence) rather than `run`'s counterexample.json. */
function corpusFileOf(file: string): boolean {
  try {
    // read as any input (a regular file within its limit): a FIFO or a device is never read here
    return isCorpusEntry(JSON.parse(readInputFile(file, 'corpus')));
  } catch {
    // not a corpus entry (or unreadable): loadBundle reads it as a bundle and says what is wrong
    return false;
  }
}

/** `replay CORPUS_FILE --impl CMD`: the saved sequence in lockstep against the implementation. Exit 0 no divergence, 1 a divergence, 3 a fault. */
async function replayCorpus(file: string, values: Values, io: CliIo, wasm: readonly UserWasm[]): Promise<number> {
  if (values.impl === undefined || values.impl.trim() === '')
    throw new UsageError(
      `replay ${file}: a corpus file replays against an implementation: add --impl "<command>" (or model, or soroban) (usage: ${REPLAY_USAGE})`,
    );
  const timeoutMs = int('timeout-ms', values['timeout-ms'], 10_000, 1, 3_600_000);
  const { entry, actions } = readCorpusFile(file);
  let command = values.impl === 'model' ? MODEL_IMPL_COMMAND : values.impl === BLEND_SDK_IMPL ? BLEND_SDK_IMPL_COMMAND : values.impl;
  if (values.impl === SOROBAN_IMPL) {
    try {
      const binary = await ensureSorobanDriver({ notice: (line) => io.err(`${line}\n`) });
      // the code the driver would run (the user's builds checked first), against the code recorded (src/check/inspect.ts)
      const inUse = await inspectWasm(binary, wasm).catch((e: unknown) => {
        throw e instanceof WasmInputError ? new UsageError(e.message) : e;
      });
      const why = provenanceMismatch(
        entry.provenance ?? [],
        inUse,
        wasm.map((w) => w.name),
      );
      if (why !== undefined) throw new UsageError(`replay ${file}: ${why}`);
      command = shellQuote(binary) + wasmArgs(wasm);
    } catch (e) {
      if (e instanceof InspectError) {
        io.err(`blend-harness: ${e.message}\n`);
        return EXIT.fault;
      }
      if (!(e instanceof SorobanBuildError)) throw e;
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.fault;
    }
  }
  io.out(
    `replay ${file} against ${values.impl}: profile ${entry.profile}, ${actions.length} steps (found in ${entry.found.implementation}: ${entry.found.finding})\n`,
  );
  entry.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
  const impl = new SubprocessImplementation({ command, timeoutMs });
  try {
    const got = await replayCorpusEntry(entry, actions, impl);
    if (got.kind === 'pass') {
      io.out(`\nno divergence: every reply, invariant and state field agreed with the model at each of the ${got.steps} steps\n`);
      return EXIT.pass;
    }
    io.out(
      got.kind === 'divergence'
        ? `\nDIVERGENCE: ${got.message}\n`
        : `\nthe reference model itself violates ${got.property} at step ${got.step + 1}: ${got.message}\n`,
    );
    return EXIT.fail;
  } catch (e) {
    if (!(e instanceof ImplementationFault)) throw e;
    io.out(`\nFAULT (${e.kind}): ${e.message}\n`);
    return EXIT.fault;
  } finally {
    await impl.close();
  }
}

/**
 * `replay FILE`: the bundle's steps on a fresh world, every property it lists checked after every
 * step; or, for a corpus file that `check` saved, `replay FILE --impl CMD`: its steps in lockstep
 * against the implementation (src/check/replay-corpus.ts).
 */
async function replay(
  values: Values,
  files: readonly string[],
  io: CliIo,
  all: Readonly<Record<string, readonly string[] | undefined>> = {},
): Promise<number> {
  if (files.length !== 1)
    throw new UsageError(
      `replay: expected one counterexample.json file, got ${files.length} (or one corpus file with --impl; usage: ${REPLAY_USAGE})`,
    );
  // --wasm NAME=FILE (repeatable): the user's builds, with --impl soroban only (src/check/wasm.ts)
  let wasm: UserWasm[];
  try {
    wasm = parseWasmFlags(all.wasm ?? []);
  } catch (e) {
    throw e instanceof WasmInputError ? new UsageError(e.message) : e;
  }
  if (wasm.length > 0 && values.impl !== SOROBAN_IMPL) throw new UsageError('--wasm: only with --impl soroban');
  if (values.impl !== undefined || corpusFileOf(files[0]!)) return replayCorpus(files[0]!, values, io, wasm);
  const b = loadBundle(files[0]!);
  const replayed = replayCounted(b);
  const got = replayed.failure;
  const want = b.json.failure;
  const { verdict, why } = replayVerdict(b, replayed);
  io.out(
    `replay ${b.file}: profile ${b.profile.name}, ${b.actions.length} steps (found with seed ${b.json.seed}, path ${b.json.path || '-'}), ${b.properties.length} properties checked after each\n`,
  );
  if (b.json.shrink?.cut_short === true) io.out('(the time budget cut the shrinking of these steps short: they may not be minimal)\n');
  b.json.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
  if (got === undefined) {
    if (verdict === 'insufficient')
      io.out(`\nINSUFFICIENT (not a pass): no failure, but ${why} (recorded: ${want.property} at step ${want.step + 1})\n`);
    else io.out(`\nno failure: every step keeps every property (recorded: ${want.property} at step ${want.step + 1})\n`);
    return VERDICT_EXIT[verdict];
  }
  if (verdict === 'fault')
    io.out(`\nFAULT (harness): step ${got.step + 1} raised an error the harness does not understand: ${describeError(replayed.error)}\n`);
  else io.out(`\nFAIL ${got.property} at step ${got.step + 1}: ${got.message}\n`);
  io.out(
    sameFailure(got, want)
      ? 'the recorded failure, reproduced\n'
      : `differs from the recorded failure: ${want.property} at step ${want.step + 1}: ${want.message}\n`,
  );
  return VERDICT_EXIT[verdict];
}

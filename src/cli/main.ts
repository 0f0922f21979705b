/**
 * `blend-harness run|check|replay|merge|mutate`: the command table (src/cli/commands/*.ts, one module a
 * command, the shared flags in src/cli/options.ts) wired to commander. `blend-harness --help` and
 * `blend-harness <command> --help` describe every flag (docs/cli.md is generated from the same
 * definitions, scripts/cli-doc.ts); `blend-harness` alone prints the usage lines and exits 2.
 *
 * Exit codes (docs/exit-codes.md): 0 pass; 1 a property failed, or the implementation diverged
 * from the model (the shrunk steps, the replay command and a regression test are printed); 2 bad
 * usage or input, a flag given twice included (one line on stderr, nothing written); 3 a fault: an
 * implementation fault (crash, timeout, not the protocol, a contradictory handshake) or an error
 * the harness does not understand, or a run that did not complete its runs; 4 insufficient: nothing
 * failed but the minimum-exercise rule was not met (by default every applicable property must be
 * checked at least once; a run profile or --min-exercise asks more); 129 / 130 / 143 interrupted by
 * SIGHUP / SIGINT / SIGTERM (the reports are written, marked incomplete).
 */
import { Command, CommanderError, Option } from 'commander';
import { ReplayPathError } from '../run.ts';
import { SnapshotError } from '../world/snapshot/load.ts';
import { CorpusError } from '../check/corpus.ts';
import { BundleError } from '../bundle.ts';
import { MergeInputError } from '../report/merge.ts';
import { describeError } from '../verdict.ts';
import { CHECK } from './commands/check.ts';
import { MERGE } from './commands/merge.ts';
import { MUTATE } from './commands/mutate.ts';
import { REPLAY } from './commands/replay.ts';
import { RUN } from './commands/run.ts';
import type { CommandDef, Flag } from './options.ts';
import { EXIT, once, UsageError, type CliIo } from './shared.ts';

export { EXIT, MODEL_IMPL_COMMAND, TSX_LOADER, VERDICT_EXIT, type CliIo } from './shared.ts';

/** The command table, in the order the usage lines and the help list them. */
export const COMMANDS: readonly CommandDef[] = [RUN, CHECK, REPLAY, MERGE, MUTATE];

/** The usage lines: `blend-harness` alone prints them (exit 2), and `--help` starts with them. */
export const USAGE = `usage: ${COMMANDS.map((c) => c.usage).join('\n       ')}`;

/** The width the help is wrapped to (fixed, so the help reads the same everywhere). */
const HELP_WIDTH = 100;

const STDIO: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/**
 * The CLI: runs the command `argv` names and returns its exit code (docs/exit-codes.md). Bad usage
 * or input is one line on `io.err` and 2; any error the harness does not understand is one line and
 * 3 (a fault), never a stack trace and never a pass.
 */
export async function main(argv: readonly string[], io: CliIo = STDIO): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (e) {
    if (
      e instanceof UsageError ||
      e instanceof SnapshotError ||
      e instanceof CorpusError ||
      e instanceof BundleError ||
      e instanceof ReplayPathError ||
      e instanceof MergeInputError
    ) {
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.usage;
    }
    // anything else is an error the harness does not understand: a fault, one line, never a pass
    io.err(`blend-harness: harness fault: ${describeError(e)}\n`);
    return EXIT.fault;
  }
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) {
    io.out(`${USAGE}\n`);
    return EXIT.usage;
  }
  if (cmd === '--help' || cmd === '-h') {
    io.out(programHelp());
    return EXIT.pass;
  }
  const def = COMMANDS.find((c) => c.name === cmd);
  if (def === undefined) throw new UsageError(`unknown command "${cmd}" (expected run, check, replay, merge or mutate)`);
  refuseOptionLikeValues(def, rest);
  let code: number | undefined;
  const program = createProgram(io, async (d, given, operands) => {
    refuseOperands(d, rest, operands);
    // a repeatable flag (`--wasm`) is left out of `once` and reaches the action with all its values
    const repeatable = new Set(d.flags.filter((f) => f.repeatable === true).map((f) => f.name));
    const single = Object.fromEntries(Object.entries(given).filter(([k]) => !repeatable.has(k)));
    code = await d.action(once(single), operands, io, given);
  });
  try {
    await program.parseAsync([cmd, ...rest], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return EXIT.pass;
    throw new UsageError(commanderRefusal(def, e));
  }
  return code ?? EXIT.fault;
}

/** What a command's action gets: each flag's values as given (in the order first given) and the operands. */
type Action = (def: CommandDef, given: Record<string, string[] | undefined>, operands: readonly string[]) => Promise<void>;

/** A flag's help text: what it does, its unit, its allowed values and its default. */
export function describeFlag(f: Flag): string {
  return [
    `${f.does}.`,
    f.unit ? `Unit: ${f.unit}.` : '',
    f.allowed ? `Allowed: ${f.allowed}.` : '',
    f.required ? 'Required.' : f.default ? `Default: ${f.default}.` : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
}

/**
 * The commander program of the table. Every flag takes one value, collected as given (a flag given
 * twice is refused by `once`, naming every value, before anything runs); every other check of a
 * value is the command's own (src/cli/shared.ts `common`, and each command's action).
 */
export function createProgram(io: CliIo, onAction: Action = async () => {}): Command {
  const program = new Command('blend-harness')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => {} })
    .configureHelp({ helpWidth: HELP_WIDTH, sortOptions: false })
    .showSuggestionAfterError(false)
    .helpCommand(false)
    .helpOption('-h, --help', 'print the help of every command and exit 0');
  for (const def of COMMANDS) {
    const sub = program
      .command(def.name)
      .summary(def.summary)
      .description(def.description)
      .usage(def.usage.replace(`blend-harness ${def.name} `, ''))
      .addHelpOption(new Option('-h, --help', 'print this help and exit 0').helpGroup('Flags:'))
      .allowExcessArguments(true);
    if (def.operands) sub.argument(def.operands.name, def.operands.does);
    sub.optionsGroup('Flags:');
    for (const f of def.flags) {
      sub.addOption(
        new Option(`--${f.name} <${f.value}>`, describeFlag(f)).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]),
      );
    }
    sub.action(async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      // each flag's values, in the order they were first given (`once` names the first flag given twice)
      const names = new Map(command.options.map((o) => [o.attributeName(), o.long!.slice(2)]));
      const given: Record<string, string[] | undefined> = {};
      for (const [k, v] of Object.entries(command.opts())) if (names.has(k)) given[names.get(k)!] = v as string[] | undefined;
      await onAction(def, given, command.args);
    });
  }
  return program;
}

/** `blend-harness --help`: the usage lines, the commands, the exit codes and every command's help. */
export function programHelp(): string {
  const program = createProgram({ out: () => {}, err: () => {} });
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `${USAGE}\n`,
    'Property-based verification of the BLND emission rules of the Blend protocol.\n',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes (docs/exit-codes.md): 0 pass, 1 fail, 2 bad usage or input (one line on stderr,',
    'nothing written), 3 fault, 4 insufficient (nothing failed but the minimum-exercise rule was not',
    'met), 129/130/143 interrupted by SIGHUP/SIGINT/SIGTERM. Every flag takes one value and is given',
    'once. The same text: docs/cli.md.',
    '',
    ...program.commands.map((c) => c.helpInformation()),
  ].join('\n');
}

/**
 * A flag followed by a value that looks like a flag (`--seed -5`, `--impl --runs`) is refused, as
 * before commander (node's util.parseArgs, strict): it is more often a forgotten value than a value.
 * `--seed=-5` gives one. Stops at the first argument the command does not know (the parser names it).
 */
function refuseOptionLikeValues(def: CommandDef, args: readonly string[]): void {
  const names = new Set(def.flags.map((f) => `--${f.name}`));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return;
    if (!names.has(arg)) {
      if (arg.startsWith('--') && arg.includes('=') && names.has(arg.slice(0, arg.indexOf('=')))) continue;
      if (def.operands !== undefined && !optionLike(arg)) continue;
      return;
    }
    const value = args[i + 1];
    if (value === undefined) return;
    if (optionLike(value)) {
      throw new UsageError(
        def.refuse(
          `Option '${arg}' argument is ambiguous.\nDid you forget to specify the option argument for '${arg}'?\nTo specify an option argument starting with a dash use '${arg}=-XYZ'.`,
        ),
      );
    }
    i++;
  }
}

const optionLike = (arg: string): boolean => arg.length > 1 && arg[0] === '-';

/**
 * The operands: run and check take none; a negative number that commander took for an operand is
 * an unknown flag, as before (after `--` it is an argument).
 */
function refuseOperands(def: CommandDef, args: readonly string[], operands: readonly string[]): void {
  const flagLike = operands.find(optionLike);
  if (flagLike !== undefined && !args.includes('--')) throw new UsageError(def.refuse(`Unknown option '${flagLike}'`));
  if (def.operands === undefined && operands.length > 0)
    throw new UsageError(def.refuse(`Unexpected argument '${operands[0]}'. This command does not take positional arguments`));
}

/**
 * Commander's refusal of the command line, in the words the CLI has always used (node's
 * util.parseArgs wording, through the command's `refuse`): an unknown flag, a flag without its value.
 */
function commanderRefusal(def: CommandDef, e: CommanderError): string {
  if (e.code === 'commander.unknownOption') {
    const flag = /unknown option '([^']*)'/.exec(e.message)?.[1] ?? '';
    // `--fast=1` names --fast; `-xy` (a group of short flags) names -x
    const name = flag.startsWith('--') ? flag.replace(/=.*$/s, '') : flag.slice(0, 2);
    return def.refuse(`Unknown option '${name}'`);
  }
  if (e.code === 'commander.optionMissingArgument') {
    const flag = /option '(--[^ ']+)/.exec(e.message)?.[1] ?? '';
    return def.refuse(`Option '${flag} <value>' argument missing`);
  }
  return e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
}

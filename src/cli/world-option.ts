/**
 * A generated world's on/off option (`--whale`, `--second-reserve`), defined once: its flag for the
 * command table (what it is and what it costs, `on|off`, not with a snapshot), its value from the
 * parsed flags, and the refusal of `on` with `--snapshot` (a snapshot has its own holders and
 * reserves). Off is needed as a value too: `mutate` turns each on by default for some contracts.
 */
import type { Flag } from './options.ts';
import { UsageError, type Values } from './shared.ts';

/** An on/off world option of run, check and mutate. */
export interface WorldOption {
  /** The flag; `dflt` says what applies when it is not given, `more` is added to what it does. */
  flag(dflt: string, more?: string): Flag;
  /** Its value, or undefined when not given; a value other than on or off is a UsageError (exit 2). */
  of(values: Values): boolean | undefined;
  /** A UsageError (exit 2) when the option is on and the world comes from a snapshot. */
  refuseWithSnapshot(on: boolean, fromSnapshot: boolean): void;
}

/**
 * The option `--NAME on|off`: `what` is what it is and what it costs (every command's help),
 * `subject` what the refusal with a snapshot calls it ("the whale": "the whale is a generated
 * world's").
 */
export function worldOption(name: string, what: string, subject: string): WorldOption {
  return {
    flag: (dflt, more = '') => ({ name, value: 'on|off', does: `${what}${more}`, allowed: 'on, off; not with --snapshot', default: dflt }),
    of: (values) => {
      const v = values[name];
      if (v === undefined) return undefined;
      if (v === 'on') return true;
      if (v === 'off') return false;
      throw new UsageError(`--${name}: expected on or off, got "${v}"`);
    },
    refuseWithSnapshot: (on, fromSnapshot) => {
      if (on && fromSnapshot) throw new UsageError(`--${name} on: not with --snapshot (${subject} is a generated world's)`);
    },
  };
}

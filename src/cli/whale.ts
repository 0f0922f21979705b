/**
 * `--whale on|off` (run, check, mutate): the world option of the whale, one more LP holder of
 * spec/genesis.json `whale_lp` (2^64 + 2 x 10^14 LP stroops) whose backstop amounts pass 2^63 and
 * 2^64 (the contracts' i128 high half; src/commands/whale.ts). A flag with a value, as every flag of
 * the CLI (off is needed too: `mutate` turns it on for the backstop's mutants by default).
 */
import { worldOption } from './world-option.ts';

/** What the whale is and what it costs, for every command's help. */
const WHAT =
  "one more LP holder in every generated world, the whale, with spec/genesis.json whale_lp (2^64 + 2 x 10^14 LP stroops), which the backstop steps act as now and then: deposits, queued withdrawals and donations past 2^63 and 2^64 stroops, the i128 high half of the backstop's arithmetic. Its cost: the genesis Comet's supply passes 2^64, so a claim under about 1,150 BLND mints 0 LP (some 39% fewer paying claims in a default run); recorded in report.json's world and in the counterexample, which replay rebuilds";

/** The `--whale` option (src/cli/world-option.ts). */
export const WHALE = worldOption('whale', WHAT, 'the whale');
/** The `--whale` flag; `dflt` says what applies when it is not given. */
export const whaleFlag = WHALE.flag;
/** `--whale`'s value, or undefined when not given; a bad one is a UsageError (exit 2). */
export const whaleOf = WHALE.of;

/**
 * `--second-reserve on|off` (check, mutate): the world option of the second reserve configuration
 * (spec/worlds.ts `secondReserve`, spec/genesis.json `second_reserve`): reserve 1 of every generated
 * pool at a target utilisation of 0.6, r_one 1.0, r_two 2.0, r_three 5.0 and reactivity 0, reserve 0
 * of every filler pool with r_one 0, and one more reserve per pool, disabled. A flag with a value,
 * as `--whale` (off is needed too: `mutate` turns it on for the pool's mutants by default).
 */
import { worldOption } from './world-option.ts';

/** What the option is and what it costs, for every command's help. */
const WHAT =
  "reserve 1 of every generated pool at spec/genesis.json second_reserve (target utilisation 0.6, r_one 100%, r_two 200%, r_three 500%, reactivity 0: the pool's interest code then shows a unit's change of util_scalar), reserve 0 of every filler pool at the default configuration with r_one 0 (second_reserve.filler_r_one), and one more reserve per pool, last, disabled (a supply or a borrow of it: ReserveDisabled, 1223); it also opens the interest-edge chain (an accrual of exactly 2^64 units of interest) and the health-factor edge chain (the smallest borrow the health factor refuses, then one unit less), and each pool's max_positions is 2 x its enabled reserves. Its cost: reserve 1's interest is higher and its rate modifier stays 1.0, and some supplies and borrows go to the disabled reserve; recorded in report.json's world and in the counterexample, which replay rebuilds";

/** The `--second-reserve` option (src/cli/world-option.ts). */
export const SECOND_RESERVE = worldOption('second-reserve', WHAT, 'the option');
/** The `--second-reserve` flag; `dflt` says what applies when it is not given. */
export const secondReserveFlag = SECOND_RESERVE.flag;
/** `--second-reserve`'s value, or undefined when not given; a bad one is a UsageError (exit 2). */
export const secondReserveOf = SECOND_RESERVE.of;

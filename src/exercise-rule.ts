/**
 * The shapes of the minimum-exercise rule (src/exercise.ts applies it), on their own so that
 * src/run.ts's `RunResult` can name them without importing src/exercise.ts (which reads
 * `RunResult`).
 */

/**
 * At least this many: accepted calls of each action, rejections on each path, checks of each
 * property; and, when `checks` > 0, checks of each spec rule (the sum over the applicable properties
 * that name it; a rule checked by lockstep only, or a declared gap, is not asked for).
 */
export interface ExerciseRule {
  readonly accepted: number;
  readonly rejected: number;
  readonly checks: number;
}

export interface Shortfall {
  readonly kind: 'action' | 'rejection' | 'property' | 'rule' | 'estimate';
  /** The action, `action -> Contract#code`, the property ID, the spec rule ID (spec/rules.ts), or (an estimator check, src/check/estimator.ts) what estimates were missing. */
  readonly name: string;
  readonly got: number;
  readonly need: number;
}

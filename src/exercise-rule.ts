/**
 * The shapes of the minimum-exercise rule (src/exercise.ts applies it), on their own so that
 * src/run.ts's `RunResult` can name them without importing src/exercise.ts (which reads
 * `RunResult`).
 */

/** At least this many: accepted calls of each action, rejections on each path, checks of each property. */
export interface ExerciseRule {
  readonly accepted: number;
  readonly rejected: number;
  readonly checks: number;
}

export interface Shortfall {
  readonly kind: 'action' | 'rejection' | 'property';
  /** The action, `action -> Contract#code`, or the property ID. */
  readonly name: string;
  readonly got: number;
  readonly need: number;
}

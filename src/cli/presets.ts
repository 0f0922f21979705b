/**
 * Named run settings for CI (`--run-profile pr|nightly|soak`): runs, steps, a time budget and the
 * minimum-exercise rule. Flags given explicitly (`--runs`, `--steps`, `--time-budget`) override them.
 */
import type { ExerciseRule } from '../exercise.ts';

export interface RunPreset {
  readonly name: string;
  readonly summary: string;
  readonly runs: number;
  readonly steps: number;
  /** Seconds; no new run starts after it. */
  readonly timeBudget: number;
  readonly minExercise: ExerciseRule;
}

export const RUN_PRESETS = {
  pr: {
    name: 'pr',
    summary: 'every push: one profile in well under 60 s on 2 cores, every action, rejection path and property at least once',
    runs: 10_000,
    steps: 150,
    timeBudget: 40,
    minExercise: { accepted: 1, rejected: 1, checks: 1 },
  },
  nightly: {
    name: 'nightly',
    summary: 'every night: 100,000 runs within an hour, each path exercised many times',
    runs: 100_000,
    steps: 200,
    timeBudget: 3_600,
    minExercise: { accepted: 100, rejected: 10, checks: 100 },
  },
  soak: {
    name: 'soak',
    summary: 'before a release: a million runs within six hours',
    runs: 1_000_000,
    steps: 200,
    timeBudget: 6 * 3_600,
    minExercise: { accepted: 1_000, rejected: 100, checks: 1_000 },
  },
} as const satisfies Record<string, RunPreset>;

export type RunPresetName = keyof typeof RUN_PRESETS;
export const RUN_PRESET_NAMES = Object.keys(RUN_PRESETS) as RunPresetName[];

/**
 * The scripted scenarios of `check --snapshot FILE --scenario NAME` and the shape of a scenario's
 * result: on their own, imported by src/check/scenario.ts (which runs a scenario and writes
 * scenario.json, scenario.md and junit.xml) and by src/report/scenario-html.ts (which renders
 * scenario.html), so that neither imports the other for them (scenario.ts imports the page's renderer;
 * the page importing scenario.ts back would be a cycle: .dependency-cruiser.cjs no-circular).
 */
import type { WasmProvenance } from '../protocol/messages.ts';

/** The scenarios `--scenario` takes (migration: src/snapshot/migration.ts). */
export const SCENARIOS = ['migration'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** One step of a scenario, run in lockstep. */
export interface ScenarioStepResult {
  readonly index: number;
  /** The timeline's phase (src/snapshot/migration.ts). */
  readonly phase: string;
  /** The call in Blend's call syntax. */
  readonly call: string;
  /** The reply both sides gave (the model's: where they differ the run stops). */
  readonly reply: string;
  /** The outcome the timeline expects of the step, where it relies on one. */
  readonly expected?: string;
}

export interface ScenarioResult {
  readonly scenario: ScenarioName;
  /** The snapshot file (its path as given). */
  readonly snapshot: string;
  readonly implementation: { readonly name: string; readonly version: string; readonly profile: string };
  /**
   * The code run, per contract (src/check/scenario.ts snapshotProvenance): the snapshot's (address,
   * on-ledger WASM hash), bundled (crate, version) or the user's (path); absent when the
   * implementation claims none.
   */
  readonly provenance?: readonly WasmProvenance[];
  /** insufficient: every step agreed, but the timeline did not reach what it exists for (a backfill, the drop, a claim after it). */
  readonly verdict: 'pass' | 'fail' | 'fault' | 'insufficient';
  readonly steps: readonly ScenarioStepResult[];
  /** Why it failed: a divergence (reply, state field), an unmet expectation, or a fault. */
  readonly failure?: string;
  readonly summary: {
    /** BLND the v2 backstop backfilled (its BackfillEmis at the drop), stroops. */
    backfilled: bigint;
    /** BLND the drop minted (its list plus the backfill), stroops. */
    dropped: bigint;
    /** The drop list's part (to `dev_fund`), stroops. */
    droppedToList: bigint;
    /** Accepted claims: backstop claims of the v2 backstop (LP tokens, stroops), of the v1 (BLND stroops), pool claims (BLND stroops). */
    claims: { readonly call: string; readonly amount: bigint; readonly unit: 'LP' | 'BLND'; readonly afterDrop: boolean }[];
    /** The v1 depositors moved to the v2 backstop. */
    movers: number;
    durationMs: number;
  };
}

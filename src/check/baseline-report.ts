/**
 * `check --baseline bundled`'s report (src/check/baseline.ts runs it): the types report.json
 * (docs/report.schema.json `baseline`), the reports and the corpus entry carry. Apart from
 * baseline.ts so that the corpus (src/check/corpus.ts) can name them without importing the replay.
 */
import type { WasmProvenance } from '../protocol/messages.ts';

/** The only baseline for now: the WASMs bundled with blend-contract-sdk, which the driver was compiled against. */
export const BASELINES = ['bundled'] as const;
export type Baseline = (typeof BASELINES)[number];

export type Attribution = 'user-build-only' | 'shared' | 'different';

/** One divergence of the user's build, replayed on the bundled build. */
export interface BaselineDivergence {
  /** Which sequence: the shrunk counterexample, or the unshrunk sequence first found. */
  readonly sequence: 'counterexample' | 'unshrunk';
  /** Its number of steps. */
  readonly steps: number;
  /** What the user's build did (the check's finding, one line). */
  readonly user: string;
  readonly attribution: Attribution;
  /** What the bundled build did on it, one line. */
  readonly bundled: string;
  /** Where the bundled build diverged (1-based step; 0: at genesis); absent when it agreed. */
  readonly bundledStep?: number;
}

/** `baseline` in report.json (docs/report.schema.json). */
export interface BaselineReport {
  readonly baseline: Baseline;
  /**
   * `ran`: every divergence replayed; `none`: the check found no divergence, nothing ran;
   * `interrupted`: a signal stopped it (what is listed ran); `fault`: the bundled build or the harness
   * failed (see `fault`; the divergences listed before it ran).
   */
  readonly status: 'ran' | 'none' | 'interrupted' | 'fault';
  /** The bundled driver's name and version (its handshake), when it ran. */
  readonly implementation?: { readonly name: string; readonly version: string };
  /** The code the baseline ran: each contract's SHA-256, bundled (crate and version). */
  readonly provenance?: readonly WasmProvenance[];
  readonly divergences: readonly BaselineDivergence[];
  readonly fault?: { readonly kind: string; readonly message: string };
}

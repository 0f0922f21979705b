/**
 * What a report is rendered from (src/report/write.ts writes the files, src/report/html.ts renders
 * the page): on its own so that neither of the two imports the other for it.
 */
import type { RunResult } from '../run.ts';
import type { CheckResult } from '../check/check.ts';
import type { SnapshotSummary } from '../world/snapshot/load.ts';

export interface ReportInput {
  readonly result: RunResult | CheckResult;
  /**
   * The commands that replay the counterexample, one a line: the first the one to use (`npx
   * blend-harness replay FILE` naming the saved bundle or corpus file), any further the long form
   * (seed and path).
   */
  readonly replay: string;
  readonly regressionTest: string | undefined;
  readonly snapshot?: SnapshotSummary;
  readonly names?: ReadonlyMap<string, string>;
  /** `check`: where the failing sequence was saved in the regression corpus. */
  readonly corpusFile?: string;
}

/**
 * Where a rule or a constant comes from. Every entry of spec/ names one of these, so that a
 * reader can go from a rule to the sentence or the line of code that states it.
 *
 * Commits are the snapshots the spec was written against:
 * - blend-capital/blend-contracts-v2 @ ba22b48 (backstop, pool; deployed Blend v2)
 * - blend-capital/blend-contracts    @ 895845f (emitter, backstop and pool of Blend v1)
 * - blend-capital/docs-v2            @ 4f0110e (tech-docs/core-contracts/)
 * - CometDEX/comet-contracts-v1      @ ef4cbfa (the BLND:USDC LP the backstop deposits claims into)
 */

export const COMMITS = {
  'blend-contracts-v2': 'ba22b48',
  'blend-contracts': '895845f',
  'docs-v2': '4f0110e',
  'comet-contracts-v1': 'ef4cbfa',
} as const;

export type Source =
  /** A seed document in ../shared/seeds/, with the heading the sentence stands under. */
  | { kind: 'seed'; file: string; heading: string; quote?: string }
  /** A page of blend-capital/docs-v2. */
  | { kind: 'doc'; page: string; heading: string; quote?: string }
  /** A contract file and function at a commit. */
  | {
      kind: 'contract';
      repo: keyof typeof COMMITS;
      file: string;
      fn: string;
      quote?: string;
    };

export const SEED_OVERVIEW = '000_2931d8e3054c332a.txt';
export const SEED_DISTRIBUTION = '001_0ba16ec1429212ce.txt';
export const SEED_DISTRIBUTION_OLD = '002_a324ce1d706485e2.txt';

/** One line naming a source, e.g. `blend-contracts-v2@ba22b48 backstop/src/emissions/manager.rs distribute`. */
export function formatSource(s: Source): string {
  switch (s.kind) {
    case 'seed':
      return `seeds/${s.file} § ${s.heading}`;
    case 'doc':
      return `docs-v2@${COMMITS['docs-v2']} ${s.page} § ${s.heading}`;
    case 'contract':
      return `${s.repo}@${COMMITS[s.repo]} ${s.file} ${s.fn}`;
  }
}

export const seed = (file: string, heading: string, quote?: string): Source => ({ kind: 'seed', file, heading, quote });
export const doc = (page: string, heading: string, quote?: string): Source => ({ kind: 'doc', page, heading, quote });
export const v2 = (file: string, fn: string, quote?: string): Source => ({
  kind: 'contract',
  repo: 'blend-contracts-v2',
  file,
  fn,
  quote,
});
export const v1 = (file: string, fn: string, quote?: string): Source => ({
  kind: 'contract',
  repo: 'blend-contracts',
  file,
  fn,
  quote,
});
export const comet = (file: string, fn: string, quote?: string): Source => ({
  kind: 'contract',
  repo: 'comet-contracts-v1',
  file,
  fn,
  quote,
});

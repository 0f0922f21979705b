/**
 * Documents vs an implementation of the contracts: `blend-harness check --profile documented`
 * against an implementation whose handshake claims a contracts profile (the Soroban driver claims
 * `blend-v2`).
 *
 * Such an implementation cannot agree with the documents in lockstep: it differs from them by
 * design, in the ways spec/divergences.ts records, and the first of those (the reward-zone length
 * of the generated world, at genesis) would stop the check. So the check runs in two parts:
 *
 * 1. every recorded difference between the documents and the claimed profile that has a witness
 *    (the divergences whose witness answers differently under `documented` and that profile) is
 *    replayed on the implementation, on the witness's own world (`init` with the claimed profile);
 *    it is **confirmed** when the implementation answers the last step as the contracts' reading
 *    (the claimed profile's answer), not as the documents'; **as documented** when it answers as the
 *    documents (the record is stale for this implementation); **other** when neither; **not
 *    replayed** when an earlier step was already rejected;
 * 2. the usual lockstep check, against the model under the claimed profile: the documents plus the
 *    recorded differences. Anything else that differs shows up there as a divergence.
 *
 * The verdict is `pass` when every difference is confirmed and the lockstep part passes: the
 * implementation differs from the documents exactly as recorded.
 */
import { toCall, type Action } from '../../model/actions.ts';
import type { WorldConfig } from '../world/create.ts';
import { DIVERGENCES, readingsOf, type Divergence, type Reading } from '../../spec/divergences.ts';
import { errorOf, formatError } from '../../spec/errors.ts';
import { getProfile, type ProfileName } from '../../spec/profiles.ts';
import { formatSource } from '../../spec/sources.ts';
import type { Implementation, ImplReply } from './implementation.ts';
import { worldToJson } from './corpus.ts';

export type DifferenceStatus = 'confirmed' | 'as documented' | 'other' | 'not replayed';

export interface DocumentDifference {
  readonly id: string;
  readonly rule: string;
  readonly status: DifferenceStatus;
  /** The witness's world, as the protocol's `init.world`. */
  readonly world: ReturnType<typeof worldToJson>;
  /** The witness's steps in Blend's call syntax. */
  readonly steps: readonly string[];
  /** The last step's answer under the documents (the checked profile) and under the contracts (the claimed profile). */
  readonly documents: string;
  readonly contracts: string;
  /** What the implementation answered to the last step (or, not replayed, which step it rejected and how). */
  readonly implementation: string;
  /** The document sentences (quoted where the spec quotes them) and the contracts' reading, each with its source. */
  readonly documentSays: readonly string[];
  readonly contractsSay: readonly string[];
}

export interface DocumentsCheck {
  /** The profile checked (`documented`). */
  readonly profile: string;
  /** The profile the implementation claims, under which its lockstep part ran. */
  readonly implementationProfile: string;
  readonly differences: readonly DocumentDifference[];
  /** How many are confirmed. */
  readonly confirmed: number;
}

/** Is this check a documents-vs-contracts one: `documented` checked, a contracts profile claimed? */
export function documentsMode(checked: ProfileName, claimed: string): claimed is ProfileName {
  return checked === 'documented' && claimed !== 'documented' && getProfile(claimed) !== undefined;
}

/** The divergences that separate `documents` from `contracts` with a witness. */
export function witnessesBetween(documents: ProfileName, contracts: ProfileName): Divergence[] {
  return DIVERGENCES.filter((d) => {
    const a = d.witness?.answers;
    return a !== undefined && a[documents] !== undefined && a[contracts] !== undefined && a[documents] !== a[contracts];
  });
}

/** `ok`, or the error as `Contract#code Name`: the form of a witness's answers. */
export function answerOf(r: ImplReply): string {
  return r.ok ? 'ok' : formatError(errorOf(r.error.contract, r.error.code));
}

/** A reading as one line: the quoted sentence where there is one, else what it says, then its source. */
export function readingLine(r: Reading): string {
  const what = r.source.quote !== undefined ? `"${r.source.quote}"` : r.says;
  return `${what} (${formatSource(r.source)})`;
}

/** One witness replayed on the implementation (a fresh world of the claimed profile). */
async function replayOne(impl: Implementation, d: Divergence, documents: ProfileName, contracts: ProfileName): Promise<DocumentDifference> {
  const w = d.witness!;
  const { documents: docs, contracts: code } = readingsOf(d);
  const base = {
    id: d.id,
    rule: d.rule,
    world: worldToJson(w.world as WorldConfig),
    steps: w.actions.map((a) => toCall(a as Action)),
    documents: w.answers[documents]!,
    contracts: w.answers[contracts]!,
    documentSays: docs.map(readingLine),
    contractsSay: code.map(readingLine),
  };
  await impl.init(contracts, w.world);
  for (let i = 0; i < w.actions.length; i++) {
    const reply = await impl.call(w.actions[i]!);
    const answer = answerOf(reply);
    if (i < w.actions.length - 1) {
      if (!reply.ok) return { ...base, status: 'not replayed', implementation: `step ${i + 1} rejected: ${answer}` };
      continue;
    }
    const status: DifferenceStatus = answer === base.contracts ? 'confirmed' : answer === base.documents ? 'as documented' : 'other';
    return { ...base, status, implementation: answer };
  }
  throw new Error(`harness bug: ${d.id} has an empty witness`);
}

/**
 * Replays every witness that separates `documents` from `contracts` on the implementation.
 * An ImplementationFault propagates (the check reports it as a fault).
 */
export async function replayWitnesses(
  impl: Implementation,
  documents: ProfileName,
  contracts: ProfileName,
  stopped: () => boolean = () => false,
): Promise<DocumentsCheck> {
  const differences: DocumentDifference[] = [];
  for (const d of witnessesBetween(documents, contracts)) {
    if (stopped()) break;
    differences.push(await replayOne(impl, d, documents, contracts));
  }
  return {
    profile: documents,
    implementationProfile: contracts,
    differences,
    confirmed: differences.filter((x) => x.status === 'confirmed').length,
  };
}

/** report.md's section on the differences. */
export function renderDocumentsSection(dc: DocumentsCheck): string[] {
  const lines = [
    `## Differences from the documents confirmed on the implementation (${dc.confirmed} of ${dc.differences.length})`,
    '',
    `Checked against \`${dc.profile}\`; the implementation claims \`${dc.implementationProfile}\`. Each recorded difference (spec/divergences.ts) with a witness was replayed on it: **confirmed** when it answers the witness's last step as the contracts' reading (\`${dc.implementationProfile}\`), not as the documents. The lockstep part below then ran against the model under \`${dc.implementationProfile}\`. The whole list, with each document sentence: reports/documents-vs-contracts.md.`,
    '',
    `| difference | rule | status | documents | contracts | implementation | steps |`,
    '|---|---|---|---|---|---|---|',
  ];
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  for (const x of dc.differences) {
    const steps =
      x.steps.length <= 4 ? x.steps.map((s) => `\`${esc(s)}\``).join('; ') : `${x.steps.length} steps, last \`${esc(x.steps.at(-1)!)}\``;
    lines.push(
      `| ${x.id} | ${x.rule} | ${x.status === 'confirmed' ? 'confirmed' : `**${x.status}**`} | ${esc(x.documents)} | ${esc(x.contracts)} | ${esc(x.implementation)} | ${steps} |`,
    );
  }
  lines.push('');
  for (const x of dc.differences) {
    lines.push(
      `- **${x.id}**: the documents: ${x.documentSays.map(esc).join('; ')}. The contracts: ${x.contractsSay.map(esc).join('; ')}.`,
    );
  }
  lines.push('');
  return lines;
}

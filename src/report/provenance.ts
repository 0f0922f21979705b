/**
 * The provenance of the code a `check` ran (the handshake's optional `provenance`, docs/protocol.md
 * "Control", `provenance`), as each report shows it: per contract its SHA-256 and whether it is bundled (crate
 * and version), the user's build (path) or a ledger snapshot's contract (address, its on-ledger WASM
 * hash). report.json carries it as `implementation.provenance`.
 */
import type { WasmProvenance } from '../protocol/messages.ts';

/** Where a contract's code comes from, in a few words. */
export function provenanceSource(p: WasmProvenance): string {
  if (p.source === 'bundled') return `bundled (${[p.crate, p.version].filter((x) => x !== undefined).join(' ')})`;
  if (p.source === 'snapshot') return `snapshot (${p.address ?? ''}, its on-ledger WASM)`;
  const at = p.address !== undefined ? `; replaces the code at ${p.address}${p.replaces !== undefined ? `, was ${p.replaces}` : ''}` : '';
  return `user (${p.path ?? ''}${at})`;
}

/** report.md: a table, contract / SHA-256 / source; nothing without provenance. */
export function provenanceMarkdown(ps: readonly WasmProvenance[] | undefined): string[] {
  if (ps === undefined || ps.length === 0) return [];
  return [
    "Code run (provenance: the SHA-256 of each contract's WASM, and where it comes from):",
    '',
    '| contract | SHA-256 | source |',
    '|---|---|---|',
    ...ps.map((p) => `| ${p.contract} | \`${p.sha256}\` | ${provenanceSource(p).replace(/\|/g, '\\|')} |`),
    '',
  ];
}

/** junit.xml: `wasm.NAME.sha256` and `wasm.NAME.source` suite properties. */
export function provenanceProperties(ps: readonly WasmProvenance[] | undefined): [string, string][] {
  return (ps ?? []).flatMap((p): [string, string][] => [
    [`wasm.${p.contract}.sha256`, p.sha256],
    [`wasm.${p.contract}.source`, provenanceSource(p)],
  ]);
}

/** report.html: one summary row per contract, `wasm NAME` / `SHA-256 — source`. */
export function provenanceRows(ps: readonly WasmProvenance[] | undefined): [string, string][] {
  return (ps ?? []).map((p) => [`wasm ${p.contract}`, `${p.sha256} — ${provenanceSource(p)}`]);
}

/**
 * The provenance of the code a `check` ran (the handshake's optional `provenance`, docs/protocol.md
 * "Control", `provenance`), as each report shows it: per contract its SHA-256 and whether it is bundled (crate
 * and version) or the user's build (path). report.json carries it as `implementation.provenance`.
 */
import type { WasmProvenance } from '../protocol/messages.ts';

/** Where a contract's code comes from, in a few words. */
export function provenanceSource(p: WasmProvenance): string {
  return p.source === 'bundled' ? `bundled (${[p.crate, p.version].filter((x) => x !== undefined).join(' ')})` : `user (${p.path ?? ''})`;
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

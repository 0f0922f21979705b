/**
 * DIR/scenario.html of `check --snapshot FILE --scenario migration` (the upgrade rehearsal): one
 * self-contained page (no script, no network: a Content-Security-Policy forbids every fetch) with
 * the verdict and why, the implementation, the code run per contract (its SHA-256 and whether it is
 * the snapshot's, with its address and on-ledger WASM hash, bundled, or the user's build, with its
 * path: src/report/provenance.ts), the migration's summary (backfill, drop, claims after it, the v1
 * depositors moved) and the timeline: every step in lockstep with its phase, call, the reply both
 * sides gave and the outcome the timeline expects. scenario.json, scenario.md and junit.xml carry
 * the same (src/check/scenario.ts); a scenario writes no report.json (docs/usage.md says why).
 *
 * Every element a test looks for has a `data-testid`; every text is escaped.
 */
import type { ScenarioResult } from '../check/scenario-result.ts';
import { CSS, escapeHtml, pageHead } from './html.ts';
import { provenanceSource } from './provenance.ts';
import { sevenDecimals } from './units.ts';

const e = (x: unknown): string => escapeHtml(String(x));

/** The verdict in one word, as report.html shows it. */
const LABEL: Record<ScenarioResult['verdict'], string> = { pass: 'PASS', fail: 'FAIL', fault: 'FAULT', insufficient: 'INSUFFICIENT' };

/** The whole page. */
export function renderScenarioHtml(r: ScenarioResult): string {
  const s = r.summary;
  const title = `Blend emissions harness: scenario ${r.scenario} ${LABEL[r.verdict]} (${r.snapshot})`;
  const rows: [string, string][] = [
    ['snapshot', r.snapshot],
    ['implementation', `${r.implementation.name} ${r.implementation.version} (claims profile ${r.implementation.profile})`],
    ['steps in lockstep', String(r.steps.length)],
    ['duration', `${Math.round(s.durationMs)} ms`],
  ];
  if (r.failure !== undefined) rows.unshift([r.verdict === 'insufficient' ? 'insufficient (not a pass)' : r.verdict, r.failure]);
  const provenance =
    r.provenance === undefined || r.provenance.length === 0
      ? '<p data-testid="provenance-none">The implementation named no contract code (it runs none).</p>'
      : `<div class="table-wrap"><table data-testid="provenance"><thead><tr><th>contract</th><th>SHA-256 of its WASM</th><th>source</th><th>address</th></tr></thead><tbody>${r.provenance
          .map(
            (p) =>
              `<tr data-contract="${e(p.contract)}" data-source="${e(p.source)}"><td class="mono">${e(p.contract)}</td><td class="mono">${e(p.sha256)}</td><td>${e(provenanceSource(p))}</td><td class="mono">${e(p.address ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  const after = s.claims.filter((c) => c.afterDrop);
  const summary = `<div class="table-wrap"><table data-testid="migration-summary"><tbody>
<tr><th>backfilled by the v2 backstop</th><td class="num" title="${e(s.backfilled)} stroops">${e(sevenDecimals(s.backfilled))} BLND</td></tr>
<tr><th>drop</th><td class="num" title="${e(s.dropped)} stroops">${e(sevenDecimals(s.dropped))} BLND (${e(sevenDecimals(s.droppedToList))} to the drop list)</td></tr>
<tr><th>v1 depositors moved</th><td class="num">${e(s.movers)}</td></tr>
<tr><th>claims paid after the drop</th><td class="num">${e(after.length)}</td></tr>
</tbody></table></div>${
    after.length === 0
      ? ''
      : `<div class="table-wrap"><table data-testid="claims"><thead><tr><th>claim after the drop</th><th class="num">paid</th></tr></thead><tbody>${after
          .map(
            (c) =>
              `<tr><td class="mono">${e(c.call)}</td><td class="num" title="${e(c.amount)} stroops">${e(sevenDecimals(c.amount))} ${e(c.unit)}</td></tr>`,
          )
          .join('')}</tbody></table></div>`
  }`;
  // the step a failure names ("step N (...)" or "... at step N"), marked in the timeline
  const failing =
    r.verdict === 'fail' || r.verdict === 'fault' ? Number(/\bstep (\d+)/.exec(r.failure ?? '')?.[1] ?? Number.NaN) : Number.NaN;
  const steps = r.steps
    .map((st) => {
      const unmet = st.expected !== undefined && st.expected !== (st.reply.startsWith('ok') ? 'ok' : st.reply);
      const cls =
        st.index + 1 === failing || unmet ? ' class="failing-step"' : st.reply.startsWith('error') ? ' class="rejected-step"' : '';
      return `<tr${cls}><td class="num step">${st.index + 1}</td><td>${e(st.phase)}</td><td class="mono" data-col="call">${e(st.call)}</td><td class="mono outcome">${e(st.reply)}</td><td class="mono">${e(st.expected ?? '')}</td></tr>`;
    })
    .join('\n');
  return `${pageHead(title, { scripts: false, styles: [CSS] })}
<body>
<section id="summary"><h1>Blend emissions harness scenario ${e(r.scenario)}: <span id="verdict" data-testid="verdict" class="verdict ${e(r.verdict)}">${LABEL[r.verdict]}</span></h1>
<p>The v1 to v2 migration re-enacted once on a ledger snapshot, in lockstep with the reference model: after every step the reply and the whole observable state are compared, and each step the timeline relies on must get the outcome it expects. A pass needs a backfill, the drop and a claim paid after it.</p>
<div class="table-wrap"><table data-testid="summary"><tbody>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</tbody></table></div></section>
<section id="code"><h2>Code run</h2><p>Per contract, the SHA-256 of its WASM and where it comes from: the snapshot's contracts (their on-ledger WASM hash), the builds bundled with the harness, or yours (<code>--wasm NAME=FILE</code>).</p>
${provenance}</section>
<section id="migration"><h2>The migration</h2>${summary}</section>
<section id="timeline"><h2>Timeline (${e(r.steps.length)} steps)</h2><p>The reply is both sides' (where they differ the run stops there); the expected outcome is the timeline's, where it relies on one.</p>
<div class="table-wrap"><table data-testid="timeline"><thead><tr><th class="num">step</th><th>phase</th><th>call</th><th>reply</th><th>expected</th></tr></thead><tbody>
${steps}
</tbody></table></div></section>
</body>
</html>
`;
}

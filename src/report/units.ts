/**
 * Units of the observable state's fields (src/protocol/state.ts), for the reports: amounts are
 * stored as integers of 10^-7 of a token (stroops for BLND: 1 BLND = 10^7 stroops), times in
 * seconds, rates and indices in a fixed point. The reports show one unit per column or table:
 * token amounts with their 7 decimals (exact, from the integer, never through a float), the
 * integer itself (stroops) in a tooltip.
 */

/** A field's unit: a 7-decimal token amount (`BLND`, `LP`, `shares`, `bTokens`, `dTokens`, `USDC`), `s` (seconds) or `raw` (fixed point, flags, lists). */
export type FieldUnit = 'BLND' | 'LP' | 'shares' | 'bTokens' | 'dTokens' | 'USDC' | 's' | 'raw';

const TIMES = new Set(['now', 'last_time', 'expiration', 'exp', 'unlock_time', 'last_distribution_time']);

/**
 * The unit of a field of the observable state, by its dotted path (addresses may be names, e.g.
 * `backstops.backstop.pools.P0.balance.tokens`; array indices as `[i]` or `.i`).
 */
export function unitOf(path: string): FieldUnit {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const last = parts.at(-1) ?? '';
  const parent = parts.at(-2) ?? '';
  if (TIMES.has(last) || parent === 'last_distro') return 's';
  if (parts[0] === 'wallets') return parent === 'blnd' ? 'BLND' : parent === 'lp' ? 'LP' : 'raw';
  if (parts[0] === 'comet') {
    if (last === 'lp_supply') return 'LP';
    if (last === 'balance') return parent === 'blnd' ? 'BLND' : parent === 'usdc' ? 'USDC' : 'raw';
    return 'raw';
  }
  if (last === 'backfill_emissions' || last === 'blnd' || last === 'allowance' || last === 'accrued') return 'BLND';
  if (last === 'lp_tokens' || last === 'tokens' || (last === 'q4w' && parent === 'balance') || last === 'amount') return 'LP';
  if (last === 'shares') return 'shares';
  if (parent === 'supply' || parent === 'uncollateralized') return 'bTokens';
  if (parent === 'liabilities') return 'dTokens';
  return 'raw';
}

/** An integer of 10^-7 units (stroops for BLND) with its 7 decimals and thousands separators, exactly: `35990000000` → `3,599.0000000`. */
export function sevenDecimals(stroops: bigint | string): string {
  const x = BigInt(stroops);
  const neg = x < 0n;
  const s = (neg ? -x : x).toString().padStart(8, '0');
  return `${neg ? '-' : ''}${s.slice(0, -7).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${s.slice(-7)}`;
}

const INTEGER = /^-?\d+$/;

/**
 * A field's value as shown in a report: `text` in the field's unit (a token amount with its 7
 * decimals, seconds as they are), `raw` the stored value (for a tooltip), `unit` the unit named.
 * A value that is not an integer (absent, a flag, a list) is shown as stored, with unit `raw`.
 */
export function showField(path: string, value: string): { text: string; raw: string; unit: FieldUnit } {
  const unit = unitOf(path);
  if (!INTEGER.test(value) || unit === 'raw') return { text: value, raw: value, unit: INTEGER.test(value) ? unit : 'raw' };
  if (unit === 's') return { text: value, raw: value, unit };
  return { text: sevenDecimals(value), raw: value, unit };
}

/** The tooltip of a shown value: the stored integer and what it counts (`36000000000 stroops`, `12 (10^-7 LP)`). */
export function rawTitle(unit: FieldUnit, raw: string): string {
  if (unit === 'BLND') return `${raw} stroops`;
  if (unit === 's') return `${raw} seconds`;
  if (unit === 'raw') return raw;
  return `${raw} (10^-7 ${unit})`;
}

/**
 * The unit of a call's result (docs/protocol.md, entry points), from the call in Blend's syntax
 * (`emitter.distribute()`, `P0.gulp_emissions()`, `backstop.claim(...)`, ...): BLND for
 * distributions, gulps and pool claims, `shares` for a backstop deposit, `LP` for a withdrawal and
 * for a backstop claim outside `blend-v1` (which pays BLND), b or d tokens for pool requests.
 */
export function resultUnit(call: string, profile: string): FieldUnit {
  const m = /^(\w+)\.(\w+)\(/.exec(call);
  if (m === null) return 'raw';
  const [, contract, fn] = m as unknown as [string, string, string];
  if (fn === 'distribute' || fn === 'gulp_emissions') return 'BLND';
  if (contract.startsWith('backstop')) {
    if (fn === 'deposit') return 'shares';
    if (fn === 'withdraw') return 'LP';
    if (fn === 'claim') return profile === 'blend-v1' ? 'BLND' : 'LP';
    return 'raw';
  }
  if (fn === 'claim') return 'BLND';
  if (fn === 'submit') return /\b(borrow|repay)\(/.test(call) ? 'dTokens' : /\b(supply|withdraw)\(/.test(call) ? 'bTokens' : 'raw';
  return 'raw';
}

/** An outcome (`ok: <integer>`, `ok`, `rejected: ...`) with an integer result in its unit: `ok: 97.0000000 BLND`, and the stored integer. */
export function showOutcome(call: string | null, outcome: string, profile: string): { text: string; title?: string } {
  const m = /^ok: (-?\d+)$/.exec(outcome);
  if (m === null || call === null) return { text: outcome };
  const unit = resultUnit(call, profile);
  if (unit === 'raw' || unit === 's') return { text: outcome };
  return { text: `ok: ${sevenDecimals(m[1]!)} ${unit}`, title: rawTitle(unit, m[1]!) };
}

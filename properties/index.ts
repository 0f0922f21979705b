/**
 * The invariant suites. The README's catalogue is generated from this list (`npm run docs`).
 */
import { RULE_IDS } from '../spec/rules.ts';
import { backfillProperties } from './backfill.ts';
import { conservationProperties } from './conservation.ts';
import { distributionProperties } from './distribution.ts';
import { emitterProperties } from './emitter.ts';
import { gulpPoolProperties } from './gulp-pool.ts';
import { indexProperties } from './index-accrual.ts';
import { rewardZoneProperties } from './reward-zone.ts';
import type { Property } from './types.ts';

export const PROPERTIES: readonly Property[] = [
  ...emitterProperties,
  ...backfillProperties,
  ...rewardZoneProperties,
  ...distributionProperties,
  ...indexProperties,
  ...gulpPoolProperties,
  ...conservationProperties,
];

for (const p of PROPERTIES) for (const r of p.rules) if (!RULE_IDS.has(r)) throw new Error(`property ${p.id} names unknown rule ${r}`);
if (new Set(PROPERTIES.map((p) => p.id)).size !== PROPERTIES.length) throw new Error('duplicate property id');

export type { Property } from './types.ts';

/**
 * The invariant suites. The README's catalogue is generated from this list (`npm run docs`).
 */
import { RULE_IDS } from '../spec/rules.ts';
import { backfillProperties } from './backfill.ts';
import { claimCreditProperties } from './claim-credit.ts';
import { conservationProperties } from './conservation.ts';
import { poolConservationProperties } from './conservation-pool.ts';
import { distributionProperties } from './distribution.ts';
import { emitterProperties } from './emitter.ts';
import { fundsProperties } from './funds.ts';
import { gulpPoolProperties } from './gulp-pool.ts';
import { indexProperties } from './index-accrual.ts';
import { rewardZoneProperties } from './reward-zone.ts';
import type { Property } from './types.ts';
import { swapProperties } from './swap.ts';
import { backfillRuleProperties } from './backfill-rules.ts';
import { rewardZoneRuleProperties } from './reward-zone-rules.ts';
import { poolConfigProperties } from './pool-config.ts';
import { claimLpProperties } from './claim-lp.ts';

export const PROPERTIES: readonly Property[] = [
  ...emitterProperties,
  ...backfillProperties,
  ...rewardZoneProperties,
  ...distributionProperties,
  ...indexProperties,
  ...gulpPoolProperties,
  ...fundsProperties,
  ...swapProperties,
  ...backfillRuleProperties,
  ...rewardZoneRuleProperties,
  ...poolConfigProperties,
  ...claimLpProperties,
  ...claimCreditProperties,
  ...conservationProperties,
  ...poolConservationProperties,
];

for (const p of PROPERTIES) for (const r of p.rules) if (!RULE_IDS.has(r)) throw new Error(`property ${p.id} names unknown rule ${r}`);
if (new Set(PROPERTIES.map((p) => p.id)).size !== PROPERTIES.length) throw new Error('duplicate property id');

export type { Property } from './types.ts';

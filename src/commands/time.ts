/** Time advances, biased to the rules' boundaries (5 s, 1 h ± 1 s, 24 h ± 1 s, 7 d, 17/21 d, 31 d). */
import * as fc from 'fast-check';
import type { Action } from '../../model/actions.ts';
import { BlendCommand } from './base.ts';

const H = 3600n;
const D = 86400n;
export const BOUNDARIES: readonly bigint[] = [1n, 4n, 5n, 6n, H - 1n, H, H + 1n, D - 1n, D, D + 1n, 7n * D, 7n * D + 1n, 17n * D, 17n * D + 1n, 21n * D, 21n * D + 1n, 31n * D, 31n * D + 1n];

export class AdvanceTime extends BlendCommand {
  constructor(readonly seconds: bigint) {
    super();
  }
  resolve(): Action {
    return { fn: 'advance_time', seconds: this.seconds };
  }
  describe(): string {
    return `advance_time(seconds: ${this.seconds})`;
  }
}

export const advanceTimeArb = fc
  .oneof({ weight: 3, arbitrary: fc.constantFrom(...BOUNDARIES) }, { weight: 2, arbitrary: fc.bigInt(1n, 2n * D) }, { weight: 1, arbitrary: fc.bigInt(1n, 40n * D) })
  .map((s) => new AdvanceTime(s));

/**
 * Each divergence witness of spec/divergences.ts that names a `blend-v2` answer, replayed on the
 * real v2 contracts through the Soroban driver: every step but the last is accepted, and the last
 * gets the `blend-v2` answer (the contracts' reading), not the documents'. The same witnesses run on
 * the model per profile in test/model/divergences.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIVERGENCES } from '../../spec/divergences.ts';
import { answerOf } from '../../src/check/documents.ts';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { shellQuote } from '../../src/check/soroban.ts';
import { BUILD_TIMEOUT_MS, CARGO, driverBinary, RUN_DRIVER_TESTS, SKIP_REASON } from './driver.ts';

const witnessed = DIVERGENCES.filter((d) => d.witness?.answers['blend-v2'] !== undefined);

describe.runIf(RUN_DRIVER_TESTS)('divergence witnesses on the real v2 contracts (Soroban driver)', () => {
  let impl: SubprocessImplementation;
  beforeAll(async () => {
    impl = new SubprocessImplementation({ command: shellQuote(await driverBinary()), timeoutMs: 30_000 });
    expect((await impl.handshake('blend-v2')).profile).toBe('blend-v2');
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => impl?.close());

  for (const d of witnessed) {
    const w = d.witness!;
    it(`${d.id}: ${w.actions.length} step(s), the last answered ${w.answers['blend-v2']} (documents: ${w.answers.documented})`, async () => {
      await impl.init('blend-v2', w.world);
      const answers: string[] = [];
      for (const a of w.actions) answers.push(answerOf(await impl.call(a)));
      expect(
        answers.slice(0, -1).filter((x) => x !== 'ok'),
        'earlier steps rejected',
      ).toEqual([]);
      expect(answers.at(-1)).toBe(w.answers['blend-v2']);
    }, 60_000);
  }
});

if (!RUN_DRIVER_TESTS)
  describe('divergence witnesses on the real v2 contracts', () => it(`skipped: ${SKIP_REASON}`, () => expect(CARGO).toBeUndefined()));

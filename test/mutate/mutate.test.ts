/**
 * `blend-harness mutate` end to end on the bundled emitter: the driver makes the mutants, the
 * unmutated build is checked, then three mutants (two of the emission rate in the emitter's
 * distribute, which any distribute step exposes, and the swap unlock time) within 25 s each, and
 * a fourth the driver proves equivalent (the overflow check of now + 31 days), listed as ignored
 * with its proof and never run;
 * mutants.json validates against Stryker's mutation-testing-report-schema (the npm package's own
 * schema), mutants.html renders it with the component inlined, mutants.md has the kill table.
 * The ids are those of blend-contract-sdk 2.25.0's emitter (sha256 438a5528cff1…): stable.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { BUILD_TIMEOUT_MS, RUN_DRIVER_TESTS, SKIP_REASON, driverBinary } from '../soroban/driver.ts';

const require = createRequire(import.meta.url);
const CHROMIUM = '/usr/bin/chromium';
const RATE_UP = 'emitter-438a5528cff1:func39:43:const+1';
const RATE_DOWN = 'emitter-438a5528cff1:func39:56:const-1';
const UNLOCK_DOWN = 'emitter-438a5528cff1:queue_swap_backstop:84:const-1';
/** The overflow check of now + 31 days: proven equivalent by the driver (rule distinct-operands), never run. */
const IGNORED = 'emitter-438a5528cff1:queue_swap_backstop:94:lt->le';

describe.skipIf(!RUN_DRIVER_TESTS)(`mutate --contracts emitter (${RUN_DRIVER_TESTS ? 'the Soroban driver' : SKIP_REASON})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mutate-e2e-'));
  let code = -1;
  let out = '';
  let err = '';

  it(
    'runs three mutants (a fourth, proven equivalent, listed as ignored), writes the three reports, and kills at least one',
    async () => {
      await driverBinary();
      code = await main(
        [
          'mutate',
          '--contracts',
          'emitter',
          '--only',
          `${RATE_UP},${RATE_DOWN}`,
          '--only',
          UNLOCK_DOWN,
          '--only',
          IGNORED,
          '--max-mutants',
          '3',
          // 25 s: RATE_UP is killed in 4.4 s at a load average of 15 on 2 cores (10 s left a margin of 2.3)
          '--per-mutant-budget',
          '25',
          '--seed',
          '7',
          '--out',
          dir,
        ],
        { out: (s) => (out += s), err: (s) => (err += s) },
      );
      expect(code, `${out}\n${err}`).toBe(0);
      expect(out).toMatch(/emitter \(sha256 438a5528cff1, bundled \(blend-contract-sdk 2\.25\.0\)\): 36 mutants, 36 valid, 3 ignored/);
      expect(out).toMatch(/the unmutated build: no divergence/);
      expect(out).toMatch(/mutation score [\d.]+%: \d killed of 3/);

      const report = JSON.parse(readFileSync(join(dir, 'mutants.json'), 'utf8'));
      const schema = JSON.parse(
        readFileSync(require.resolve('mutation-testing-report-schema/mutation-testing-report-schema.json'), 'utf8'),
      );
      const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      const all = report.files['emitter.wasm'].mutants as { id: string; status: string; killedBy?: string[]; statusReason?: string }[];
      expect(all.map((m) => m.id)).toEqual([RATE_UP, RATE_DOWN, UNLOCK_DOWN, IGNORED]);
      // the proven equivalent: listed with its proof, not run, out of the score (3 counted above)
      const ignored = all.find((m) => m.id === IGNORED)!;
      expect(ignored.status).toBe('Ignored');
      expect(ignored.statusReason).toMatch(/^equivalent by construction: distinct-operands: .*plus the constant 2678400/);
      const mutants = all.filter((m) => m.id !== IGNORED);
      const killed = mutants.filter((m) => m.status === 'Killed');
      expect(killed.length).toBeGreaterThanOrEqual(1);
      // the emission-rate mutants: any distribute step mints the wrong amount
      expect(mutants.find((m) => m.id === RATE_UP)!.status).toBe('Killed');
      for (const m of killed) expect(m.killedBy?.[0]).toMatch(/\S/);
      for (const m of mutants) expect(['Killed', 'Survived', 'Timeout']).toContain(m.status);

      const html = readFileSync(join(dir, 'mutants.html'), 'utf8');
      expect(html).toContain('<mutation-test-report-app');
      expect(html).toContain('customElements.define');
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).toContain(RATE_UP);

      const md = readFileSync(join(dir, 'mutants.md'), 'utf8');
      expect(md).toMatch(/^# Mutation score: [\d.]+%/);
      expect(md).toContain(`## Ignored: equivalent by construction`);
      expect(md).toContain(`- \`${IGNORED}\` (\`i64.lt_u\` -> \`i64.le_u\`): equivalent by construction: distinct-operands:`);
      expect(md).toContain('| mutant | contract | function | operator | original -> new | status | killer | seconds |');
      expect(md).toContain(`| \`${RATE_UP}\` | emitter | \`func39\` | const+1 | \`i64.const 10000000\` -> \`i64.const 10000001\``);
      expect(existsSync(join(dir, 'wasm', 'emitter.mutants.json'))).toBe(true);
    },
    BUILD_TIMEOUT_MS,
  );

  it.skipIf(!existsSync(CHROMIUM))(
    'mutants.html renders offline in Chromium: the component shows the contract',
    async () => {
      expect(code).toBe(0);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(String(e)));
        page.on('request', (r) => {
          if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request ${r.url()}`);
        });
        await page.goto(pathToFileURL(join(dir, 'mutants.html')).href);
        // the component's text, through its nested shadow roots
        const text = await page.waitForFunction(() => {
          const deep = (n: Node): string =>
            [...((n as Element).shadowRoot?.childNodes ?? []), ...n.childNodes]
              .map((c) => (c.nodeType === Node.TEXT_NODE ? (c.textContent ?? '') : deep(c)))
              .join(' ');
          const t = deep(document.querySelector('mutation-test-report-app')!);
          return t.includes('emitter.wasm') ? t : false;
        });
        expect(String(await text.jsonValue())).toContain('emitter.wasm');
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );

  it(
    "a user's build that diverges itself (a mutant given as --wasm): no mutant can be judged, one line, exit 1",
    async () => {
      expect(code).toBe(0);
      let e = '';
      let o = '';
      const c = await main(
        [
          'mutate',
          '--contracts',
          'emitter',
          '--wasm',
          `emitter=${join(dir, 'wasm', 'emitter', '00009.wasm')}`,
          '--max-mutants',
          '1',
          // 25 s: the build's own divergence is found in some 4 s at a load average of 15 (10 s left a margin of 2.5)
          '--per-mutant-budget',
          '25',
          '--seed',
          '1',
          '--out',
          join(dir, 'user'),
        ],
        { out: (s) => (o += s), err: (s) => (e += s) },
      );
      expect(c, `${o}\n${e}`).toBe(1);
      expect(o).toMatch(/emitter \(sha256 [0-9a-f]{12}, .*00009\.wasm\): 34 mutants/);
      expect(e).toMatch(/^blend-harness: the unmutated build diverges \(DIVERGENCE-REPLY: .*\): no mutant can be judged at seed 1$/m);
      expect(existsSync(join(dir, 'user', 'mutants.json'))).toBe(false);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'an --only selection of declared-equivalent and ignored mutants only: nothing judged, exit 4 (not exercised is not passed)',
    async () => {
      let o = '';
      const c = await main(
        [
          'mutate',
          '--contracts',
          'emitter',
          '--only',
          `emitter-438a5528cff1:func23:13:le->lt,${IGNORED}`,
          '--per-mutant-budget',
          '10',
          '--seed',
          '1',
          '--out',
          join(dir, 'none'),
        ],
        { out: (s) => (o += s), err: () => {} },
      );
      expect(c, o).toBe(4);
      expect(o).toContain('NOT EXERCISED: no mutant was run');
      expect(o).toMatch(/mutation score n\/a: 0 killed of 0/);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'an --only id no mutant has: one line, exit 2',
    async () => {
      let e = '';
      const c = await main(['mutate', '--contracts', 'emitter', '--only', 'emitter-000000000000:f:1:lt->le', '--out', join(dir, 'x')], {
        out: () => {},
        err: (s) => (e += s),
      });
      expect(c).toBe(2);
      // one line (besides the notice, under load, that cargo is still checking the driver's build)
      const lines = e
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('building the Soroban driver'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^blend-harness: --only emitter-000000000000:f:1:lt->le: no mutant of emitter has this id/);
    },
    BUILD_TIMEOUT_MS,
  );
});

/** docs/cli.md is generated from the CLI's command table: it must be current, and --help must say what it says. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOC, renderCliDoc } from '../../scripts/cli-doc.ts';
import { COMMANDS } from '../../src/cli/main.ts';
import { cli } from '../cli-helpers.ts';

/** The help wraps lines: compare words, not line breaks. */
const words = (s: string): string => s.replace(/\s+/g, ' ');

describe('docs/cli.md', () => {
  it('is what the command definitions generate (run `npm run docs:cli` when this fails)', () => {
    expect(renderCliDoc()).toBe(readFileSync(CLI_DOC, 'utf8'));
  });
});

describe('--help', () => {
  for (const c of COMMANDS) {
    it(`${c.name} --help describes every flag: what it does, its unit, its allowed values and its default; exit 0`, async () => {
      for (const args of [
        [c.name, '--help'],
        [c.name, '-h'],
        [c.name, '--runs', '5', '--help'],
      ]) {
        if (args.includes('--runs') && c.name !== 'run') continue;
        const r = await cli(args);
        expect(r.code).toBe(0);
        expect(r.err).toBe('');
        const help = words(r.out);
        expect(help).toContain(words(c.usage.replace(/^blend-harness /, 'Usage: blend-harness ')));
        for (const f of c.flags) {
          expect(help).toContain(`--${f.name} <${f.value}>`);
          expect(help).toContain(words(f.does));
          if (f.unit) expect(help).toContain(`Unit: ${f.unit}.`);
          if (f.allowed) expect(help).toContain(words(`Allowed: ${f.allowed}.`));
          expect(help).toContain(f.required ? 'Required.' : words(`Default: ${f.default}.`));
        }
      }
    });
  }

  it('blend-harness --help lists every command and every flag of each; exit 0, nothing on stderr', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const c of COMMANDS) {
      expect(r.out).toContain(c.usage);
      for (const f of c.flags) expect(r.out).toContain(`--${f.name} <${f.value}>`);
    }
    expect((await cli(['-h'])).out).toBe(r.out);
  });

  it('blend-harness alone prints the usage lines and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.out).toBe(`usage: ${COMMANDS.map((c) => c.usage).join('\n       ')}\n`);
  });

  it('every flag the suite commands share is defined once, in the same words for run and check', () => {
    const run = COMMANDS.find((c) => c.name === 'run')!.flags;
    const check = COMMANDS.find((c) => c.name === 'check')!.flags;
    for (const name of ['profile', 'run-profile', 'seed', 'path', 'replay-path', 'min-exercise', 'shard', 'out']) {
      expect(
        check.find((f) => f.name === name),
        name,
      ).toEqual(run.find((f) => f.name === name));
    }
    // --runs, --steps and --time-budget: the same words, each command's own default (check: a 60 s budget)
    for (const name of ['runs', 'steps', 'time-budget']) {
      const { default: _r, ...r } = run.find((f) => f.name === name)!;
      const { default: _c, ...c } = check.find((f) => f.name === name)!;
      expect(c, name).toEqual(r);
    }
  });
});

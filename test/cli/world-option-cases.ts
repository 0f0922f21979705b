/**
 * The usage cases every on/off world option of run, check and mutate shares (src/cli/world-option.ts):
 * each command's help says what it is and what it costs; a value other than on or off is bad usage
 * (exit 2, one line, nothing written); on, with `--snapshot`, bad usage too (the option is a generated
 * world's). Called inside the option's own `describe`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli } from '../cli-helpers.ts';

export interface WorldOptionCase {
  /** Without the leading `--`: `whale`, `second-reserve`. */
  readonly name: string;
  /** Phrases its help must hold (matched with the help's whitespace folded to single spaces). */
  readonly help: readonly string[];
  /** The command the bad-usage cases run, before the option: `['run']`, `['check', '--impl', 'model']`. */
  readonly command: readonly string[];
  /** A new empty directory per case. */
  readonly caseDir: () => string;
}

export function worldOptionUsageCases(c: WorldOptionCase): void {
  for (const cmd of ['run', 'check', 'mutate']) {
    it(`${cmd} --help: what the option is and what it costs`, async () => {
      const { code, out } = await cli([cmd, '--help']);
      expect(code).toBe(0);
      const flat = out.replace(/\s+/g, ' ');
      expect(flat).toContain(`--${c.name} <on|off>`);
      for (const phrase of c.help) expect(flat).toContain(phrase);
    });
  }

  it('a value other than on or off: exit 2, one line, nothing written', async () => {
    const out = join(c.caseDir(), 'out');
    const r = await cli([...c.command, `--${c.name}`, 'yes', '--runs', '1', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`blend-harness: --${c.name}: expected on or off, got "yes"\n`);
    expect(existsSync(out)).toBe(false);
  });

  it("not with --snapshot (the option is a generated world's): exit 2, nothing written", async () => {
    const out = join(c.caseDir(), 'o');
    const r = await cli([...c.command, `--${c.name}`, 'on', '--profile', 'blend-v1', '--snapshot', '/nonexistent.json', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^blend-harness: --${c.name} on: not with --snapshot \\(.* is a generated world's\\)\\n$`));
    expect(existsSync(out)).toBe(false);
  });
}

/**
 * What the CLI tests share: `cli` runs the harness's `main` in process and collects what it writes,
 * and `tempDirs` makes temporary case directories that are removed after the file's tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../src/cli/main.ts';

/** The outcome of one in-process CLI call: its exit code and what it wrote to stdout and stderr. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `blend-harness ARGS` in process (src/cli/main.ts `main`); stdout and stderr kept apart. */
export async function cli(args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/**
 * A maker of case directories under the OS's temporary directory, named `PREFIX-XXXXXX`; every one
 * it made is removed after the calling file's tests (vitest `afterAll`, registered at the call: call
 * it at a file's top level).
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), `${prefix}-`));
    made.push(d);
    return d;
  };
}

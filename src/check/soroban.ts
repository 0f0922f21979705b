/**
 * `--impl soroban`: the Soroban driver (adapters/soroban, the real Blend v2 contracts in the
 * in-process Soroban host) as a named implementation. The harness builds it with cargo when needed
 * — a release build into a target directory kept outside the clone, so a rebuild is incremental —
 * and then runs the binary.
 *
 * Target directory: `CARGO_TARGET_DIR` when set, else `$XDG_CACHE_HOME/blend-harness/soroban-target`,
 * else `~/.cache/blend-harness/soroban-target`. `cargo build --release --quiet` runs every time (a
 * no-op takes ~0.3 s); its output is kept and shown only when the build fails. When the binary is
 * missing, or cargo is still busy after a second, one line says the driver is being built.
 *
 * No cargo on PATH, or a failed build, is a SorobanBuildError: the implementation cannot start,
 * which the CLI reports as a fault (one line, exit 3, nothing written), as it does for an `--impl`
 * command that cannot start.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { packageFile } from '../package-root.ts';

export const SOROBAN_IMPL = 'soroban';
/** The driver's Cargo.toml: in the checkout, or in the installed package (its `files` ship adapters/soroban). */
export const SOROBAN_MANIFEST = packageFile('adapters/soroban/Cargo.toml');
export const SOROBAN_BINARY_NAME = 'blend-harness-soroban';

type Env = Readonly<Record<string, string | undefined>>;

/** Where cargo builds the driver: CARGO_TARGET_DIR, else $XDG_CACHE_HOME or ~/.cache, under blend-harness/soroban-target. */
export function sorobanTargetDir(env: Env = process.env, home: string = homedir()): string {
  const explicit = env.CARGO_TARGET_DIR;
  if (explicit !== undefined && explicit.trim() !== '') return explicit;
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg !== undefined && xdg.trim() !== '' ? xdg : join(home, '.cache');
  return join(cache, 'blend-harness', 'soroban-target');
}

/** The release binary in that target directory. */
export function sorobanBinary(env: Env = process.env, home: string = homedir()): string {
  return join(sorobanTargetDir(env, home), 'release', SOROBAN_BINARY_NAME);
}

/**
 * The first `cargo` on PATH, else rustup's (`$CARGO_HOME/bin/cargo`, by default
 * `~/.cargo/bin/cargo`, for a shell that never sourced rustup's env); undefined when there is none.
 */
export function findCargo(env: Env = process.env, home: string = homedir()): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'cargo');
    if (existsSync(candidate)) return candidate;
  }
  const rustup = join(env.CARGO_HOME !== undefined && env.CARGO_HOME.trim() !== '' ? env.CARGO_HOME : join(home, '.cargo'), 'bin', 'cargo');
  return existsSync(rustup) ? rustup : undefined;
}

/** The driver could not be built: `message` is one line; `output` is cargo's, for stderr. */
export class SorobanBuildError extends Error {
  constructor(
    message: string,
    readonly output: string = '',
  ) {
    super(message);
    this.name = 'SorobanBuildError';
  }
}

export interface BuildOptions {
  readonly env?: Env;
  readonly home?: string;
  /** Called once with the one-line notice when a build is (probably) under way. */
  readonly notice?: (line: string) => void;
  /** Print the notice when cargo is still running after this many ms (default 1,000). */
  readonly noticeAfterMs?: number;
  readonly manifest?: string;
}

/**
 * `cargo build --release` of the driver; resolves to the binary's path.
 * Rejects with a SorobanBuildError when cargo is not on PATH or the build fails.
 */
export async function ensureSorobanDriver(opts: BuildOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const home = opts.home ?? homedir();
  const target = sorobanTargetDir(env, home);
  const binary = join(target, 'release', SOROBAN_BINARY_NAME);
  const manifest = opts.manifest ?? SOROBAN_MANIFEST;
  const cargo = findCargo(env, home);
  if (cargo === undefined) {
    throw new SorobanBuildError(
      `--impl soroban: cargo is not on PATH (nor in ~/.cargo/bin); install Rust (https://rustup.rs) to build the Soroban driver, or pass --impl <path to a built ${SOROBAN_BINARY_NAME}>`,
    );
  }
  const notice = `building the Soroban driver (cargo build --release, target ${target}; a first build takes a few minutes)…`;
  let noticed = false;
  const say = (): void => {
    if (noticed) return;
    noticed = true;
    opts.notice?.(notice);
  };
  if (!existsSync(binary)) say();
  const args = ['build', '--release', '--quiet', '--manifest-path', manifest];
  const output: string[] = [];
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(cargo, args, { env: { ...env, CARGO_TARGET_DIR: target } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(say, opts.noticeAfterMs ?? 1000);
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(e.message);
    });
    child.on('close', (c, signal) => {
      clearTimeout(timer);
      resolve(c ?? `killed by ${signal}`);
    });
  });
  if (code !== 0) {
    const why = typeof code === 'number' ? `exited with code ${code}` : code;
    throw new SorobanBuildError(
      `--impl soroban: building the Soroban driver failed (cargo build --release --manifest-path ${manifest}, target ${target}: ${why})`,
      output.join(''),
    );
  }
  if (!existsSync(binary))
    throw new SorobanBuildError(`--impl soroban: cargo built the driver but ${binary} is not there`, output.join(''));
  return binary;
}

/** The binary as a shell command line (the harness starts implementations with a shell). */
export function shellQuote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

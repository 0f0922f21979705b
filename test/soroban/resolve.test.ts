/**
 * `--impl soroban` without a real build: where the driver is built (CARGO_TARGET_DIR, else
 * $XDG_CACHE_HOME or ~/.cache under blend-harness/soroban-target), no cargo on PATH (one line,
 * exit 3, nothing written), a failed build (cargo's output, then one line, exit 3), and the notice
 * of a build under way — with a stand-in `cargo` script on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSorobanDriver, findCargo, shellQuote, sorobanBinary, sorobanTargetDir, SorobanBuildError } from '../../src/check/soroban.ts';

const tmp = mkdtempSync(join(tmpdir(), 'blend-soroban-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const BIN = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;

/** A directory holding only a `cargo` script with this body. */
function fakeCargo(name: string, body: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cargo'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, 'cargo'), 0o755);
  return dir;
}

describe('--impl soroban: the target directory', () => {
  it('is CARGO_TARGET_DIR when set', () => {
    expect(sorobanTargetDir({ CARGO_TARGET_DIR: '/t/x', XDG_CACHE_HOME: '/c' }, '/home/u')).toBe('/t/x');
    expect(sorobanBinary({ CARGO_TARGET_DIR: '/t/x' }, '/home/u')).toBe('/t/x/release/blend-harness-soroban');
  });
  it('else $XDG_CACHE_HOME/blend-harness/soroban-target', () => {
    expect(sorobanTargetDir({ XDG_CACHE_HOME: '/c' }, '/home/u')).toBe('/c/blend-harness/soroban-target');
    expect(sorobanTargetDir({ CARGO_TARGET_DIR: '', XDG_CACHE_HOME: '/c' }, '/home/u')).toBe('/c/blend-harness/soroban-target');
  });
  it('else ~/.cache/blend-harness/soroban-target (outside the clone, so a rebuild is incremental)', () => {
    expect(sorobanTargetDir({}, '/home/u')).toBe('/home/u/.cache/blend-harness/soroban-target');
    expect(sorobanTargetDir({ XDG_CACHE_HOME: ' ' }, '/home/u')).toBe('/home/u/.cache/blend-harness/soroban-target');
  });
  it('the binary path is quoted for the shell the harness starts implementations with', () => {
    expect(shellQuote("/a b/it's")).toBe(`'/a b/it'\\''s'`);
  });
});

describe('--impl soroban: cargo', () => {
  it("is looked up on PATH, then in rustup's $CARGO_HOME/bin (default ~/.cargo/bin)", () => {
    const dir = fakeCargo('found', 'exit 0');
    expect(findCargo({ PATH: `/nonexistent:${dir}` }, tmp)).toBe(join(dir, 'cargo'));
    expect(findCargo({ PATH: '/nonexistent' }, tmp)).toBeUndefined();
    expect(findCargo({}, tmp)).toBeUndefined();
    const home = join(tmp, 'home-with-rustup');
    fakeCargo('home-with-rustup/.cargo/bin', 'exit 0');
    expect(findCargo({ PATH: '/nonexistent' }, home)).toBe(join(home, '.cargo', 'bin', 'cargo'));
    expect(findCargo({ PATH: '/nonexistent', CARGO_HOME: dir.replace(/\/found$/, '/nowhere') }, home)).toBeUndefined();
  });

  it('missing: a SorobanBuildError naming the problem in one line', async () => {
    const err = await ensureSorobanDriver({ env: { PATH: '/nonexistent' }, home: tmp }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SorobanBuildError);
    expect((err as Error).message).toMatch(/^--impl soroban: cargo is not on PATH \(nor in ~\/\.cargo\/bin\); install Rust/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('missing, through the CLI: one line on stderr, exit 3 (the implementation cannot start), nothing written', () => {
    const out = join(tmp, 'nocargo-out');
    const corpus = join(tmp, 'nocargo-corpus');
    const r = spawnSync(process.execPath, [BIN, 'check', '--impl', 'soroban', '--runs', '1', '--out', out, '--corpus', corpus], {
      env: { PATH: '/nonexistent', HOME: tmp },
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^blend-harness: --impl soroban: cargo is not on PATH/)]);
    expect(r.stdout).toBe('');
    expect(existsSync(out) || existsSync(corpus)).toBe(false);
  });

  it("a failed build: cargo's output, then one line naming the build, exit 3, nothing written", () => {
    const dir = fakeCargo('failing', 'echo "error[E0433]: failed to resolve" >&2; exit 101');
    const out = join(tmp, 'failed-out');
    const r = spawnSync(process.execPath, [BIN, 'check', '--impl', 'soroban', '--runs', '1', '--out', out, '--corpus', join(tmp, 'c')], {
      env: { PATH: dir, HOME: tmp, CARGO_TARGET_DIR: join(tmp, 'target-failed') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('error[E0433]: failed to resolve');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^blend-harness: --impl soroban: building the Soroban driver failed \\(cargo build --release --manifest-path .*adapters/soroban/Cargo.toml, target ${join(tmp, 'target-failed')}: exited with code 101\\)$`,
      ),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a build under way is announced in one line (the binary missing, or cargo still busy after a second); a no-op build is quiet', async () => {
    // the stand-in builds the binary: a script that speaks nothing, enough for the resolution
    const build =
      'mkdir -p "$CARGO_TARGET_DIR/release" && printf "#!/bin/sh\\n" > "$CARGO_TARGET_DIR/release/blend-harness-soroban" && chmod +x "$CARGO_TARGET_DIR/release/blend-harness-soroban"';
    const target = join(tmp, 'target-ok');
    const notices: string[] = [];
    // the stand-in comes first on PATH; the system's tools after it
    const env = {
      PATH: `${fakeCargo('ok', `case "$*" in *"build --release --quiet --manifest-path"*) ;; *) exit 9;; esac\n${build}`)}:/usr/bin:/bin`,
      CARGO_TARGET_DIR: target,
    };
    expect(await ensureSorobanDriver({ env, notice: (l) => notices.push(l) })).toBe(join(target, 'release', 'blend-harness-soroban'));
    expect(notices).toEqual([`building the Soroban driver (cargo build --release, target ${target}; a first build takes a few minutes)…`]);
    // built: cargo's no-op check says nothing (the busy notice put at 30 s, not the default 1 s, which the
    // stand-in's four processes may take on a loaded machine: what is tested is that a built driver is not
    // announced at once)
    notices.length = 0;
    await ensureSorobanDriver({ env, notice: (l) => notices.push(l), noticeAfterMs: 30_000 });
    expect(notices).toEqual([]);
    // a rebuild that takes a while is announced
    const slow = { ...env, PATH: `${fakeCargo('slow', `sleep 1\n${build}`)}:/usr/bin:/bin` };
    await ensureSorobanDriver({ env: slow, notice: (l) => notices.push(l), noticeAfterMs: 200 });
    expect(notices).toHaveLength(1);
  });
});

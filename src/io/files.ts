/**
 * Files in and out, checked before any long work starts.
 *
 * Inputs (a ledger snapshot, a counterexample bundle, a corpus file, a shard's report.json) are
 * read by `readInputFile`: opened with O_NONBLOCK (so a FIFO cannot block the open), checked with
 * fstat on the open descriptor (a regular file, not a directory, device, FIFO or socket, and not a
 * file of the kernel's /proc or /sys, whose sizes are made up), refused above a size limit of its
 * kind (`INPUT_LIMITS`), then read and decoded as strict UTF-8 (an invalid byte is an error, never
 * a silent U+FFFD).
 *
 * Outputs (`--out`, `--corpus`) are checked by `checkOutputDir` before the run: the directory is
 * created where missing and a temporary file written into it and removed, then everything the
 * check created is removed again, so bad input still writes nothing. Every report, bundle, corpus
 * and exported test file is written by `writeFileAtomic` / `writeFilesAtomically`: to a temporary
 * file in the same directory, then renamed over the target, so a reader never sees half a file.
 *
 * Errors are `InputFileError` / `OutputDirError`, one line each, which the CLI prints with exit 2.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

const MiB = 1024 * 1024;

/**
 * The largest input of each kind, in bytes.
 *
 * - `snapshot`: 64 MiB. The real mainnet snapshot (ledger 55261759, the Blend v1 emitter, backstop,
 *   Comet, tokens and their WASM) is 2.2 MB; 64 MiB is ~30 times that, room for a fuller snapshot of
 *   the same contracts, while a stray multi-gigabyte file (or /dev/zero) is refused at once.
 * - `bundle`, `report`: 128 MiB. A counterexample holds at most `--steps` (<= 100,000) steps, each
 *   as call text and as a protocol request, pretty-printed: under ~1 KB a step, ~100 MB at most.
 * - `corpus`: 128 MiB, a corpus file holds the same steps as a bundle.
 */
export const INPUT_LIMITS = {
  snapshot: 64 * MiB,
  bundle: 128 * MiB,
  report: 128 * MiB,
  corpus: 128 * MiB,
} as const;
export type InputKind = keyof typeof INPUT_LIMITS;

/** An input that cannot be read as a file: `message` is the problem without the file's name. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** An output location that cannot take files: one line naming the flag, the path and the problem. */
export class OutputDirError extends Error {
  override readonly name = 'OutputDirError';
}

/** File systems whose files are not data: the kernel's views (/proc, /sys) and the devices (/dev). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'] as const;

/** The special root `p` lies under, if any (`p` absolute, symlinks resolved where they exist); /dev/shm is an ordinary tmpfs. */
export function specialRootOf(p: string): string | undefined {
  if (p === '/dev/shm' || p.startsWith('/dev/shm/')) return undefined;
  return SPECIAL_ROOTS.find((root) => p === root || p.startsWith(`${root}/`));
}

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** `path` with every symlink resolved, or undefined when it cannot be (missing, a loop, ...). */
function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

const errCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

/**
 * Read an input file of `kind` as UTF-8 text, after checking that it is a regular file of at most
 * `INPUT_LIMITS[kind]` bytes (or `limit`). Throws `InputFileError` with one line: `cannot read
 * (ENOENT)`, `cannot read (EISDIR): is a directory, expected a file`, `not a regular file: a FIFO
 * (named pipe)`, `is under /proc, ...`, `is 70000000 bytes, over the 64 MiB limit for a snapshot`,
 * `not UTF-8 (an invalid byte sequence)`.
 */
export function readInputFile(path: string, kind: InputKind, limit: number = INPUT_LIMITS[kind]): string {
  const real = realpathOrUndefined(path);
  const root = real === undefined ? undefined : specialRootOf(real);
  // /dev files are refused by fstat below (devices, FIFOs); /proc and /sys files look regular
  if (root !== undefined && root !== '/dev') throw new InputFileError(`is under ${root}, a kernel file system, not a ${kind} file`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    const code = errCode(e);
    throw new InputFileError(code === 'EISDIR' ? 'cannot read (EISDIR): is a directory, expected a file' : `cannot read (${code})`, code);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputFileError('cannot read (EISDIR): is a directory, expected a file', 'EISDIR');
    if (!st.isFile()) throw new InputFileError(`not a regular file: ${kindOf(st)}`);
    if (st.size > limit) throw new InputFileError(`is ${st.size} bytes, over the ${describeBytes(limit)} limit for a ${kind} file`);
    // read until the end, at most limit + 1 bytes: a file that grows while read is still caught
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(8 * MiB, limit + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new InputFileError(`cannot read (${errCode(e)})`, errCode(e));
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw new InputFileError(`is over the ${describeBytes(limit)} limit for a ${kind} file`);
    }
    const bytes = Buffer.concat(chunks, total);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new InputFileError(`not UTF-8 (an invalid byte sequence at byte ${firstInvalidUtf8(bytes)})`);
    }
  } finally {
    closeSync(fd);
  }
}

/** `67108864` -> `64 MiB`. */
export function describeBytes(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}

/** The offset of the first byte where strict UTF-8 decoding fails (a binary search on prefixes). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const ok = (end: number): boolean => {
    try {
      // a prefix may end inside a valid sequence: stream mode does not fail on an incomplete tail
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Check, before any work, that `dir` (the value of `--flag`) can take files, and write nothing:
 * it must not be empty, nor lie under /proc, /sys or /dev, nor be (or lie under) something that
 * is not a directory. The missing directories are created, a temporary file is written into `dir`
 * and removed, then the directories the check created are removed again (the real writes create
 * them). Returns `dir`; throws `OutputDirError`: `--out /proc/x: under /proc, a kernel file
 * system: not a place for files`.
 */
export function checkOutputDir(flag: string, dir: string): string {
  if (dir.trim() === '') throw new OutputDirError(`--${flag}: expected a directory, got ""`);
  const where = `--${flag} ${dir}`;
  const abs = resolve(dir);
  // the nearest existing path at or above `abs`, and the missing directories below it
  const missing: string[] = [];
  let up = abs;
  let st: Stats | undefined;
  for (;;) {
    try {
      st = statSync(up);
      break;
    } catch (e) {
      const code = errCode(e);
      if (code === 'ENOTDIR') {
        // a component above is a file: find it for the message
        missing.unshift(up);
        up = dirname(up);
        continue;
      }
      if (code !== 'ENOENT') throw new OutputDirError(`${where}: cannot use it (${code})`);
      if (dirname(up) === up) throw new OutputDirError(`${where}: cannot use it (no existing directory above it)`);
      missing.unshift(up);
      up = dirname(up);
    }
  }
  const real = realpathOrUndefined(up) ?? up;
  const root = specialRootOf(real) ?? specialRootOf(abs);
  if (root !== undefined) throw new OutputDirError(`${where}: under ${root}, a kernel file system: not a place for files`);
  if (!st.isDirectory()) {
    if (missing.length === 0) throw new OutputDirError(`${where}: exists and is not a directory (${kindOf(lstatOr(up, st))})`);
    throw new OutputDirError(`${where}: ${up} is a file, not a directory`);
  }
  const created: string[] = [];
  try {
    for (const d of missing) {
      try {
        mkdirSync(d); // one level at a time, never recursive
      } catch (e) {
        throw new OutputDirError(`${where}: cannot create ${d} (${errCode(e)})`);
      }
      created.push(d);
    }
    const probe = join(abs, `.blend-harness-probe-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(probe, 'probe\n', { flag: 'wx' });
    } catch (e) {
      throw new OutputDirError(`${where}: cannot write into it (${errCode(e)})`);
    } finally {
      rmSync(probe, { force: true });
    }
  } finally {
    for (const d of created.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // another process put something there meanwhile: leave it
      }
    }
  }
  return dir;
}

function lstatOr(p: string, st: Stats): Stats {
  try {
    return lstatSync(p);
  } catch {
    return st;
  }
}

/** A temporary name beside `file`, unique to this process and call. */
function tempNameFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Create `dir` and its missing parents; refuses the special roots (a recursive mkdir under /proc never returns). */
export function ensureDir(dir: string): void {
  const root = specialRootOf(resolve(dir));
  if (root !== undefined) throw new OutputDirError(`${dir}: under ${root}, a kernel file system: not a place for files`);
  mkdirSync(dir, { recursive: true });
}

/**
 * Write `text` to `file` atomically: into a temporary file in the same directory (created where
 * missing), then renamed over `file`. On an error the temporary file is removed and `file` is as
 * it was.
 */
export function writeFileAtomic(file: string, text: string): void {
  ensureDir(dirname(file));
  const tmp = tempNameFor(file);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Write `[name, text]` files into `dir`: every one to a temporary file first, then each renamed
 * into place (a failure before the renames leaves every target as it was, and no temporary file).
 */
export function writeFilesAtomically(dir: string, files: readonly (readonly [string, string])[]): void {
  ensureDir(dir);
  const temps: [string, string][] = [];
  try {
    for (const [name, text] of files) {
      const target = join(dir, name);
      const tmp = tempNameFor(target);
      writeFileSync(tmp, text, { flag: 'wx' });
      temps.push([tmp, target]);
    }
    for (const [tmp, target] of temps) renameSync(tmp, target);
  } catch (e) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw e;
  }
}

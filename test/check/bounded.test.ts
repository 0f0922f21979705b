/**
 * Bounded reads: no reply line longer than the maximum is held (src/check/subprocess.ts onLines),
 * a stderr line without end costs no memory, and a process the harness cannot end is named.
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ImplementationFault } from '../../src/check/implementation.ts';
import { Descendants } from '../../src/check/proctree.ts';
import { onLines, STDERR_LINE_BYTES, SubprocessImplementation } from '../../src/check/subprocess.ts';
import { MODEL_IMPL_COMMAND } from '../../src/cli/main.ts';

function linesOf(chunks: string[], maxLineBytes: number): Promise<{ lines: string[]; oversized: string[] }> {
  const input = new PassThrough();
  const lines: string[] = [];
  const oversized: string[] = [];
  onLines(input, (l) => lines.push(l), { maxLineBytes, onOversized: (h) => oversized.push(h) });
  return new Promise((resolve) => {
    input.on('end', () => resolve({ lines, oversized }));
    for (const c of chunks) input.write(Buffer.from(c));
    input.end();
  });
}

describe('onLines with a maximum line length', () => {
  it('passes a line of exactly the maximum (with or without \\r), and reports one byte more as oversized', async () => {
    expect(await linesOf(['abcd\n', 'efgh\r\n', 'ijklm\n', 'no\n'], 4)).toEqual({ lines: ['abcd', 'efgh', 'no'], oversized: ['ijklm'] });
  });

  it('reports a line too long across chunks once, as soon as it is too long, drops the rest and reads the next line', async () => {
    expect(await linesOf(['ab', 'cd', 'efgh', 'ijkl', 'mnop', '\nok\n'], 4)).toEqual({ lines: ['ok'], oversized: ['abcdefgh'] });
  });

  it('reports a last line too long without a newline, at the end of input', async () => {
    expect(await linesOf(['ok\nabc', 'de'], 4)).toEqual({ lines: ['ok'], oversized: ['abcde'] });
  });

  it('gives the first 256 bytes of an oversized line', async () => {
    const r = await linesOf(['x'.repeat(5000), '\n'], 1000);
    expect(r.oversized).toEqual(['x'.repeat(256)]);
  });
});

describe('the implementation in a child process', () => {
  let impl: SubprocessImplementation | undefined;
  afterEach(async () => {
    await impl?.close();
    impl = undefined;
  });

  it('keeps each stderr line cut to STDERR_LINE_BYTES, however long it is (20 MB without a newline)', { timeout: 30_000 }, async () => {
    const cmd = `"${process.execPath}" -e "process.stderr.write(Buffer.alloc(20e6, 'e'), () => process.exit(4))"`;
    impl = new SubprocessImplementation({ command: cmd, timeoutMs: 20_000 });
    const e = await impl.handshake('blend-v2').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImplementationFault);
    expect((e as ImplementationFault).kind).toBe('crash');
    const tail = (impl as unknown as { stderrTail: string[] }).stderrTail;
    for (const l of tail) expect(l.length).toBeLessThanOrEqual(STDERR_LINE_BYTES + 1);
  });

  it('a reply line over maxLineBytes is an oversized fault', { timeout: 30_000 }, async () => {
    impl = new SubprocessImplementation({
      command: `"${process.execPath}" -e "process.stdout.write('y'.repeat(5000) + '\\n'); setTimeout(() => {}, 1e6)"`,
      timeoutMs: 20_000,
      maxLineBytes: 1000,
    });
    const e = await impl.handshake('blend-v2').catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'oversized' });
    expect((e as Error).message).toMatch(
      /^a reply line to request 0 \(handshake\) longer than the maximum line length of 1000 bytes, starting "yyyy/,
    );
  });
});

describe('a process that cannot be ended', () => {
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) process.kill(pid, 'SIGKILL');
  });

  it('is named with the reason: the kill failed, or it still runs after SIGKILL', () => {
    const a = spawn('sleep', ['1000'], { stdio: 'ignore' });
    const b = spawn('sleep', ['1000'], { stdio: 'ignore' });
    started.push(a.pid!, b.pid!);
    const d = new Descendants(process.pid, 'unused', (pid) => {
      if (pid === a.pid) throw Object.assign(new Error('not permitted'), { code: 'EPERM' });
    });
    d.refresh();
    // (only a and b: the no-op kill leaves any other child of this worker alone)
    const survivors = d.endAll(100).filter((s) => s.pid === a.pid || s.pid === b.pid);
    expect(survivors.map((s) => s.pid).sort()).toEqual([a.pid, b.pid].sort());
    expect(survivors.find((s) => s.pid === a.pid)).toMatchObject({ comm: 'sleep', why: 'kill failed: EPERM' });
    expect(survivors.find((s) => s.pid === b.pid)?.why).toMatch(/^still running 100 ms after SIGKILL/);
  });
});

describe('validateRequests (SubprocessOptions)', () => {
  // advance_time's seconds is a uamount in docs/protocol.schema.json: -1 is refused
  const invalid = { fn: 'advance_time', seconds: -1n } as const;

  it('by default the harness refuses to write a request the schema refuses (a harness bug)', async () => {
    const impl = new SubprocessImplementation({ command: MODEL_IMPL_COMMAND, timeoutMs: 20_000 });
    try {
      await impl.handshake('blend-v2');
      await expect(impl.call(invalid)).rejects.toThrow(/^harness bug: invalid request .*advance_time/);
    } finally {
      await impl.close();
    }
  });

  it('false: the request is written, the model server refuses it (exit 2) and that is a crash fault', async () => {
    const impl = new SubprocessImplementation({ command: MODEL_IMPL_COMMAND, timeoutMs: 20_000, validateRequests: false });
    try {
      await impl.handshake('blend-v2');
      const e = await impl.call(invalid).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ImplementationFault);
      expect((e as ImplementationFault).kind).toBe('crash');
      expect((e as ImplementationFault).message).toMatch(/exited with code 2 .*bad request/);
    } finally {
      await impl.close();
    }
  });
});

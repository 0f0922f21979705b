/**
 * src/check/subprocess.ts onLines: the lines of a child's stdout as readline gives them, however
 * the bytes are split into chunks.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { onLines } from '../../src/check/subprocess.ts';

function linesOf(chunks: Buffer[]): Promise<string[]> {
  const input = new PassThrough();
  const got: string[] = [];
  onLines(input, (l) => got.push(l));
  return new Promise((resolve) => {
    input.on('end', () => resolve(got));
    for (const c of chunks) input.write(c);
    input.end();
  });
}

describe('onLines', () => {
  it('splits lines within a chunk, across chunks and at \\r\\n', async () => {
    const b = (s: string) => Buffer.from(s, 'utf8');
    expect(await linesOf([b('{"id":0}\n{"id":1}\r\n{"id"'), b(':2,'), b('"x":3}\n')])).toEqual(['{"id":0}', '{"id":1}', '{"id":2,"x":3}']);
  });

  it('keeps empty lines and gives a last line without its newline', async () => {
    expect(await linesOf([Buffer.from('a\n\nb')])).toEqual(['a', '', 'b']);
  });

  it('decodes a multi-byte character split between two chunks', async () => {
    const bytes = Buffer.from('"Blend – Fixed"\n', 'utf8');
    const cut = bytes.indexOf(0xe2) + 1; // inside the en dash's three bytes
    expect(await linesOf([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['"Blend – Fixed"']);
  });

  it('reads a 40 KB line delivered a byte at a time in places', async () => {
    const long = `{"result":"${'7'.repeat(40_000)}"}`;
    const bytes = Buffer.from(`${long}\nnext\n`);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 4), bytes.subarray(4, 30_000), bytes.subarray(30_000)];
    expect(await linesOf(chunks)).toEqual([long, 'next']);
  });
});

/**
 * src/protocol/validate.ts `validatorsFrom`: the protocol's compiled validators are kept in a cache
 * directory and run from there by later processes; what they say is what ajv compiling the schema
 * in process says; a broken cache file is compiled again and replaced.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ajv2020, SCHEMA_PATH, validatorsCacheDir, validatorsCacheFile, validatorsFrom } from '../../src/protocol/validate.ts';

const ID = 'https://blend-emissions-harness/protocol.schema.json';
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'blend-validators-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Messages of each definition, valid and not. */
const SAMPLES: Record<string, unknown[]> = {
  request: [
    { id: 0, action: 'state', args: {} },
    { id: 1, action: 'state', args: { fresh: true } },
    { id: 2, action: 'advance_time', args: { seconds: '3600' } },
    { id: 3, action: 'no.such.action', args: {} },
    { id: -1, action: 'state', args: {} },
    { id: 4, action: 'state' },
  ],
  reply: [
    { id: 0, ok: true, result: null },
    { id: 1, ok: false, error: { contract: 'Backstop', code: 1000 } },
    { id: 2, ok: 'yes', result: null },
    { id: 3 },
  ],
  result: [null, '12', '-0', 12, '1.5'],
  handshake: [{}, { protocol_version: 1, name: 'x', version: '1', profile: 'blend-v2', actions: [] }],
  state: [{}, { now: '0' }],
};

describe('the protocol validators kept between processes', () => {
  it('are written to the cache directory once and say what ajv compiling the schema says', () => {
    const dir = tempDir();
    const first = validatorsFrom(dir);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^protocol-[0-9a-f]{16}\.cjs$/);
    const kept = readFileSync(join(dir, files[0]!), 'utf8');
    const again = validatorsFrom(dir);
    // read, not compiled again: the file is unchanged and no other was written
    expect(readdirSync(dir)).toEqual(files);
    expect(readFileSync(join(dir, files[0]!), 'utf8')).toBe(kept);
    const ajv = new (ajv2020())({ allErrors: false, strict: true, allowUnionTypes: true });
    ajv.addSchema(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
    let valid = 0;
    let invalid = 0;
    for (const [def, samples] of Object.entries(SAMPLES)) {
      const direct = ajv.getSchema(`${ID}#/$defs/${def}`)!;
      for (const sample of samples) {
        const ok = direct(sample) as boolean;
        if (ok) valid++;
        else invalid++;
        for (const v of [first, again]) {
          const f = v[def as keyof typeof v];
          expect(f(sample), `${def}: ${JSON.stringify(sample)}`).toBe(ok);
          expect(f.errors?.[0]?.instancePath).toBe(direct.errors?.[0]?.instancePath);
          expect(f.errors?.[0]?.message).toBe(direct.errors?.[0]?.message);
        }
      }
    }
    // both kinds were met
    expect(valid).toBeGreaterThan(4);
    expect(invalid).toBeGreaterThan(4);
  });

  it('run from the cache file (a file of the same name is what runs)', () => {
    const dir = tempDir();
    const file = validatorsCacheFile(dir, readFileSync(SCHEMA_PATH, 'utf8'));
    validatorsFrom(dir);
    // a kept file whose request validator refuses everything: it is the one that runs
    const code = readFileSync(file, 'utf8');
    writeFileSync(file, `${code}\nmodule.exports.request = function refuseAll() { return false; };\n`);
    expect(validatorsFrom(dir).request({ id: 0, action: 'state', args: {} })).toBe(false);
    expect(validatorsFrom(undefined).request({ id: 0, action: 'state', args: {} })).toBe(true);
  });

  it('compile again and replace a cache file that cannot run', () => {
    const dir = tempDir();
    const file = validatorsCacheFile(dir, readFileSync(SCHEMA_PATH, 'utf8'));
    writeFileSync(file, 'this is not JavaScript {');
    const v = validatorsFrom(dir);
    expect(v.request({ id: 0, action: 'state', args: {} })).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('exports.request = ');
  });

  it('live in BLEND_HARNESS_VALIDATORS_CACHE, else under XDG_CACHE_HOME or ~/.cache; `off` keeps none', () => {
    expect(validatorsCacheDir({ BLEND_HARNESS_VALIDATORS_CACHE: '/c/v', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c/v');
    expect(validatorsCacheDir({ BLEND_HARNESS_VALIDATORS_CACHE: 'off', HOME: '/h' })).toBeUndefined();
    expect(validatorsCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(join('/x', 'blend-harness', 'validators'));
    expect(validatorsCacheDir({ HOME: '/h' })).toBe(join('/h', '.cache', 'blend-harness', 'validators'));
    expect(validatorsCacheDir({})).toBeUndefined();
  });
});

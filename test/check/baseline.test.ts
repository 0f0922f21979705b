/**
 * `check --baseline bundled` without the driver (src/check/baseline.ts): the classifier on stubbed
 * outcomes (user-build-only, shared, different), runBaseline with a stubbed replay and a stub
 * implementation (nothing to replay, a fault, a signal, a baseline running code not bundled), the
 * reports' renderings against docs/report.schema.json and the corpus entry's schema, and the flag's
 * bad combinations: one line, exit 2, nothing written, before anything runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baselineLines,
  baselineMarkdown,
  baselineProperties,
  baselineRows,
  classify,
  runBaseline,
  type BaselineReport,
  type Outcome,
} from '../../src/check/baseline.ts';
import { corpusEntryOf, saveToCorpus } from '../../src/check/corpus.ts';
import { ImplementationFault, type Implementation } from '../../src/check/implementation.ts';
import type { Finding } from '../../src/check/lockstep.ts';
import { main } from '../../src/cli/main.ts';
import type { Handshake, WasmProvenance } from '../../src/protocol/messages.ts';

const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reply = (step: number, impl: string): Finding => ({
  kind: 'reply',
  step,
  call: 'emitter.distribute()',
  model: 'ok(10000000)',
  impl,
  rules: ['EMIT-RATE'],
});
const div = (f: Finding): Outcome => ({ kind: 'divergence', finding: f, message: '' });
const WORLD = { users: 2, pools: 2, start: 1_700_000_000n };
const ADVANCE = [{ fn: 'advance_time', seconds: 1n }, { fn: 'emitter.distribute' }] as never[];

describe('classify', () => {
  it('the bundled build agrees with the model: user-build-only', () => {
    expect(classify(div(reply(1, 'ok(10000001)')), { kind: 'pass', steps: 2 })).toEqual({
      attribution: 'user-build-only',
      bundled: 'agrees with the model on every step (2 steps)',
    });
  });

  it('the bundled build diverges at the same step in the same way: shared', () => {
    const got = classify(div(reply(1, 'ok(10000001)')), div(reply(1, 'ok(10000001)')));
    expect(got.attribution).toBe('shared');
    expect(got.bundledStep).toBe(2);
  });

  it('the model violates a property on both: shared', () => {
    const m: Outcome = { kind: 'model', property: 'BLND-EMIT-001', step: 3, message: 'x' };
    expect(classify(m, { ...m }).attribution).toBe('shared');
  });

  it('the bundled build diverges elsewhere: different, naming where', () => {
    const got = classify(div(reply(1, 'ok(10000001)')), div(reply(4, 'ok(9)')));
    expect(got.attribution).toBe('different');
    expect(got.bundledStep).toBe(5);
    expect(got.bundled).toMatch(/^diverges elsewhere \(at step 5\): reply diverges at step 5/);
  });

  it('the same step, another value: different, at the same step', () => {
    const got = classify(div(reply(1, 'ok(10000001)')), div(reply(1, 'ok(7)')));
    expect(got.attribution).toBe('different');
    expect(got.bundled).toMatch(/^diverges at the same step, otherwise: .*implementation ok\(7\)/);
  });

  it('at genesis: step 0', () => {
    const got = classify(div(reply(1, 'ok(10000001)')), div({ ...reply(-1, 'x'), call: 'genesis' }));
    expect(got).toMatchObject({ attribution: 'different', bundledStep: 0 });
    expect(got.bundled).toMatch(/elsewhere \(at genesis\)/);
  });
});

const bundled = (contract: string): WasmProvenance => ({
  contract,
  sha256: 'c'.repeat(64),
  source: 'bundled',
  crate: 'blend-contract-sdk',
  version: '2.25.0',
});

/** A stub of the driver: its handshake only (the replay is stubbed); records close and interrupt. */
function stubImpl(provenance: WasmProvenance[] = [bundled('backstop'), bundled('emitter')]) {
  const log: string[] = [];
  const handshake: Handshake = { protocol_version: 1, name: 'stub', version: '1', profile: 'blend-v2', actions: [], provenance };
  const impl = {
    handshake: async () => handshake,
    close: async () => void log.push('close'),
    interrupt: () => void log.push('interrupt'),
  } as unknown as Implementation;
  return { impl, log };
}

describe('runBaseline', () => {
  const user = div(reply(1, 'ok(10000001)'));

  it('no divergence: nothing starts, status none', async () => {
    let started = 0;
    const b = await runBaseline({
      profile: 'blend-v2',
      world: WORLD,
      divergences: [],
      start: () => {
        started++;
        return stubImpl().impl;
      },
    });
    expect(b).toEqual({ baseline: 'bundled', status: 'none', divergences: [] });
    expect(started).toBe(0);
    expect(baselineLines(b)).toEqual(['baseline bundled: the check found no divergence, so the baseline replayed nothing']);
  });

  it('each divergence replayed with its own steps and classified; the driver closed', async () => {
    const { impl, log } = stubImpl();
    const seen: number[] = [];
    const b = await runBaseline({
      profile: 'blend-v2',
      world: WORLD,
      divergences: [
        { sequence: 'counterexample', actions: ADVANCE, outcome: user },
        { sequence: 'unshrunk', actions: [...ADVANCE, ...ADVANCE], outcome: user },
      ],
      start: () => impl,
      replay: async (_p, _w, actions) => {
        seen.push(actions.length);
        return actions.length === 2 ? div(reply(1, 'ok(10000001)')) : { kind: 'pass', steps: actions.length };
      },
    });
    expect(seen).toEqual([2, 4]);
    expect(b.status).toBe('ran');
    expect(b.divergences.map((d) => d.attribution)).toEqual(['shared', 'user-build-only']);
    expect(b.implementation).toEqual({ name: 'stub', version: '1' });
    expect(b.provenance?.map((p) => p.contract)).toEqual(['backstop', 'emitter']);
    expect(log).toEqual(['close']);
    const lines = baselineLines(b);
    expect(lines[1]).toBe(
      '  counterexample (2 steps): SHARED: the bundled build diverges the same way: the model or the harness is at fault, not your build',
    );
    expect(lines[2]).toMatch(/unshrunk \(4 steps\): USER-BUILD-ONLY: the bundled build agrees with the model on it/);
    expect(baselineMarkdown(b).join('\n')).toMatch(/\*\*Shared divergence/);
    expect(baselineProperties(b)).toContainEqual(['baseline.counterexample.attribution', 'shared']);
    expect(baselineProperties(b)).toContainEqual(['baseline.wasm.emitter.source', 'bundled (blend-contract-sdk 2.25.0)']);
    expect(baselineRows(b)[0]![1]).toMatch(/^shared \(the model or the harness is at fault/);
  });

  it('a fault of the bundled driver: status fault, the driver closed', async () => {
    const { impl, log } = stubImpl();
    const b = await runBaseline({
      profile: 'blend-v2',
      world: WORLD,
      divergences: [{ sequence: 'counterexample', actions: ADVANCE, outcome: user }],
      start: () => impl,
      replay: async () => {
        throw new ImplementationFault('crash', 'the driver exited');
      },
    });
    expect(b).toMatchObject({ status: 'fault', fault: { kind: 'crash', message: 'the driver exited' }, divergences: [] });
    expect(log).toEqual(['close']);
    expect(baselineLines(b).at(-1)).toMatch(/FAULT \(crash\)/);
  });

  it('an error the harness does not understand: a harness fault, never an attribution', async () => {
    const b = await runBaseline({
      profile: 'blend-v2',
      world: WORLD,
      divergences: [{ sequence: 'counterexample', actions: ADVANCE, outcome: user }],
      start: () => stubImpl().impl,
      replay: async () => {
        throw new TypeError('boom');
      },
    });
    expect(b.status).toBe('fault');
    expect(b.fault?.kind).toBe('harness');
  });

  it('a baseline whose handshake says it runs a user build: a fault', async () => {
    const b = await runBaseline({
      profile: 'blend-v2',
      world: WORLD,
      divergences: [{ sequence: 'counterexample', actions: ADVANCE, outcome: user }],
      start: () => stubImpl([{ contract: 'emitter', sha256: 'd'.repeat(64), source: 'user', path: '/x.wasm' }]).impl,
      replay: async () => ({ kind: 'pass', steps: 2 }),
    });
    expect(b).toMatchObject({ status: 'fault', fault: { kind: 'handshake' } });
    expect(b.fault?.message).toMatch(/not bundled: emitter/);
  });

  it('a signal: the driver interrupted, status interrupted', async () => {
    const { impl, log } = stubImpl();
    const ac = new AbortController();
    const b = await runBaseline({
      profile: 'blend-v2',
      world: WORLD,
      divergences: [
        { sequence: 'counterexample', actions: ADVANCE, outcome: user },
        { sequence: 'unshrunk', actions: ADVANCE, outcome: user },
      ],
      start: () => impl,
      signal: ac.signal,
      replay: async () => {
        ac.abort();
        throw new ImplementationFault('crash', 'killed');
      },
    });
    expect(b.status).toBe('interrupted');
    expect(log).toEqual(['interrupt', 'close']);
  });
});

describe('the reports and the corpus entry', () => {
  const report: BaselineReport = {
    baseline: 'bundled',
    status: 'ran',
    implementation: { name: 'stub', version: '1' },
    provenance: [bundled('emitter')],
    divergences: [
      { sequence: 'counterexample', steps: 2, user: 'u', attribution: 'different', bundled: 'diverges elsewhere', bundledStep: 1 },
    ],
  };

  it('report.json: `baseline` validates against docs/report.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema.properties.baseline);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...report, status: 'maybe' })).toBe(false);
    expect(validate({ ...report, divergences: [{ ...report.divergences[0], attribution: 'theirs' }] })).toBe(false);
  });

  it('the corpus file records it, read back and validated', () => {
    const file = saveToCorpus(
      dir,
      {
        profile: 'blend-v2',
        seed: 1,
        path: '0',
        world: { users: 2, pools: 2, start: '1700000000' },
        found: { implementation: 'x', finding: 'y' },
        steps: ['advance_time(1)'],
        baseline: report,
      },
      [{ fn: 'advance_time', seconds: 1n }] as never,
    );
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(corpusEntryOf(file, json).entry.baseline).toEqual(report);
    expect(() => corpusEntryOf(file, { ...json, baseline: { ...report, status: 'maybe' } })).toThrow(/baseline/);
  });
});

describe('--baseline: bad combinations are refused before anything runs (exit 2, one line, nothing written)', () => {
  const wasm = join(dir, 'emitter.wasm');
  writeFileSync(wasm, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const cases: [string, string[], RegExp][] = [
    [
      'without --impl soroban',
      ['--impl', 'model', '--baseline', 'bundled'],
      /^blend-harness: --baseline bundled: only with --impl soroban and at least one --wasm/,
    ],
    [
      'with --impl soroban but no --wasm',
      ['--impl', 'soroban', '--baseline', 'bundled'],
      /--baseline bundled: only with --impl soroban and at least one --wasm/,
    ],
    [
      'an unknown baseline',
      ['--impl', 'soroban', '--wasm', `emitter=${wasm}`, '--baseline', 'mainnet'],
      /--baseline: expected bundled, got "mainnet"/,
    ],
    [
      'with --snapshot',
      ['--impl', 'soroban', '--wasm', `emitter=${wasm}`, '--baseline', 'bundled', '--snapshot', join(dir, 'snap.json')],
      /--baseline bundled: not with --snapshot/,
    ],
    [
      'given twice',
      ['--impl', 'soroban', '--wasm', `emitter=${wasm}`, '--baseline', 'bundled', '--baseline', 'bundled'],
      /--baseline: given 2 times/,
    ],
  ];
  for (const [name, args, message] of cases)
    it(name, async () => {
      const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
      let stdout = '';
      let stderr = '';
      const code = await main(['check', ...args, '--out', out], { out: (s) => (stdout += s), err: (s) => (stderr += s) });
      expect(code, stderr).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });
});

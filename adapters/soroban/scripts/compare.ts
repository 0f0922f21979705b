/**
 * Runs one request script (newline-delimited protocol requests) through the reference model server
 * and through this driver, then prints, per request, replies that differ and every state field
 * that differs (both states put in canonical form first).
 *
 *   node --import tsx adapters/soroban/scripts/compare.ts adapters/soroban/scripts/short.jsonl [BIN]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { canonicalState, type ObservableState } from '../../../src/protocol/state.ts';
import { getProfile } from '../../../spec/profiles.ts';

const [script, binArg] = process.argv.slice(2);
if (script === undefined) {
  process.stderr.write('usage: compare.ts REQUESTS.jsonl [BIN]\n');
  process.exit(2);
}
const bin = binArg ?? `${process.env.CARGO_TARGET_DIR ?? `${homedir()}/.cache/blend-harness/soroban-target`}/release/blend-harness-soroban`;
const input = readFileSync(script, 'utf8');
const requests = input
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id: number; action: string; args: Record<string, unknown> });

/**
 * Every reply of `cmd` to the script. Stdin stays open until the last reply has arrived: the model
 * server exits as soon as its stdin closes, which can cut its pending (asynchronous) pipe writes.
 */
function run(cmd: string, args: string[]): Promise<Map<number, { ok: boolean; result?: unknown; error?: unknown }>> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const out = new Map();
    let done = false;
    createInterface({ input: child.stdout }).on('line', (l) => {
      if (l.trim() === '') return;
      const m = JSON.parse(l);
      out.set(m.id, m);
      if (out.size === requests.length && !done) {
        done = true;
        child.stdin.end();
      }
    });
    child.on('exit', (code) => {
      if (!done) process.stderr.write(`${cmd} exited ${code} after ${out.size} of ${requests.length} replies\n`);
      resolve(out);
    });
    child.stdin.write(input.endsWith('\n') ? input : `${input}\n`);
  });
}

const [model, impl] = await Promise.all([run('node', ['--import', 'tsx', 'adapters/model/main.ts']), run(bin, [])]);
// the profile of the script's init (a snapshot world runs under blend-v1)
const profile = getProfile((requests.find((r) => r.action === 'init')?.args.profile as string | undefined) ?? 'blend-v2')!;

function diffAll(a: unknown, b: unknown, path: string, out: string[]): void {
  if (a === b) return;
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length || a.some((x, i) => JSON.stringify(x) !== JSON.stringify(b[i]))) {
      const flat = a.every((x) => typeof x !== 'object') && b.every((x) => typeof x !== 'object');
      if (flat || a.length !== b.length) out.push(`${path}: model ${JSON.stringify(a)} | soroban ${JSON.stringify(b)}`);
      else a.forEach((x, i) => diffAll(x, b[i], `${path}[${i}]`, out));
    }
    return;
  }
  if (obj(a) && obj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffAll(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push(`${path}: model ${a === undefined ? 'absent' : JSON.stringify(a)} | soroban ${b === undefined ? 'absent' : JSON.stringify(b)}`);
}

/** JSON with object keys sorted, so equal values print equally. */
const canon = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

let last = '';
for (const req of requests) {
  const m = model.get(req.id);
  const s = impl.get(req.id);
  if (req.action !== 'state') {
    last = `${req.action} ${JSON.stringify(req.args)}`;
    const same =
      req.action === 'handshake' || (canon(m?.ok ? m.result : m?.error) === canon(s?.ok ? s.result : s?.error) && m?.ok === s?.ok);
    const show = (x: typeof m) => (x === undefined ? 'no reply' : x.ok ? `ok ${canon(x.result)}` : `error ${canon(x.error)}`);
    console.log(`${same ? '  ' : '≠ '}#${req.id} ${last.slice(0, 150)}: ${show(m)}${same ? '' : ` | soroban ${show(s)}`}`);
    continue;
  }
  const out: string[] = [];
  if (m === undefined || s === undefined) {
    console.log(`#${req.id} state: no reply from ${m === undefined ? 'the model' : 'soroban'}`);
    continue;
  }
  diffAll(canonicalState(profile, m!.result as ObservableState), canonicalState(profile, s!.result as ObservableState), '', out);
  console.log(`#${req.id} state after "${last.slice(0, 80)}": ${out.length === 0 ? 'identical' : `${out.length} field(s) differ`}`);
  for (const d of out) console.log(`    ${d}`);
}

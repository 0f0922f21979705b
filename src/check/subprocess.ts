/**
 * An implementation in a child process, driven over the check protocol: request lines on its
 * stdin, one reply line per request expected on its stdout, in request order, each within a
 * timeout. At most two requests are outstanding: an entry point's and the `state` request sent
 * with it (`callAndState`, one write). Every reply is validated against
 * docs/protocol.schema.json; anything else is an ImplementationFault. The child runs in its own
 * process group, which is killed on close, on a fault and when the harness exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Action } from '../../model/actions.ts';
import type { WorldConfig } from '../../model/world.ts';
import { snapshotSpecToJson } from '../snapshot/world.ts';
import type { ProfileName } from '../../spec/profiles.ts';
import { I128_MAX, I128_MIN } from '../../spec/constants.ts';
import { actionToRequest, PROTOCOL_VERSION, type ControlAction, type Handshake, type ProtocolAction } from '../protocol/messages.ts';
import type { ObservableState } from '../protocol/state.ts';
import { schemaError, validateHandshake, validateReply, validateRequest, validateResult, validateState } from '../protocol/validate.ts';
import { EQUAL, ImplementationFault, type Implementation, type ImplReply } from './implementation.ts';
import { Interrupted } from '../interrupt.ts';

/** The least time allowed for the handshake and for init (ms): a child's start-up or deployment. */
export const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Calls `onLine` with each line of `input` (UTF-8, without its `\n` or `\r\n`), as readline
 * does, but found with Buffer.indexOf and decoded once: a state reply is a line of some 40 KB, and
 * readline's decoding, concatenation and line-break regex were a tenth of a lockstep step.
 */
export function onLines(input: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let parts: Buffer[] = [];
  input.on('data', (chunk: Buffer) => {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
      let bytes = chunk.subarray(from, nl);
      if (parts.length > 0) {
        parts.push(bytes);
        bytes = Buffer.concat(parts);
        parts = [];
      }
      const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
      from = nl + 1;
      onLine(bytes.toString('utf8', 0, end));
    }
    if (from < chunk.length) parts.push(chunk.subarray(from));
  });
  input.on('end', () => {
    if (parts.length > 0) onLine(Buffer.concat(parts).toString('utf8'));
    parts = [];
  });
}

/** Children alive in this process, killed when it exits however it exits. */
const LIVE = new Set<ChildProcess>();
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', () => {
  for (const c of LIVE) killGroup(c);
});
/**
 * The child runs in its own process group, so a Ctrl-C at the terminal does not reach it: on SIGINT
 * or SIGTERM the harness kills it before exiting with the signal's conventional code — unless the
 * caller handles the signals itself (`exitOnSignal: false`, the CLI: it interrupts the run, writes
 * the partial reports and then exits with that code).
 */
let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      for (const c of LIVE) killGroup(c);
      process.exit(code);
    });
  }
}

/** A reply as read: validated against the protocol schema, its result not yet. */
type RawReply = { ok: true; result: unknown } | { ok: false; error: { contract: string; code: number } };

interface Pending {
  readonly id: number;
  readonly action: string;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
  /** For `stateUnlessEqual`: the state text whose exact reply line resolves to EQUAL unparsed. */
  readonly expect?: string;
}

export interface SubprocessOptions {
  /** A shell command line. */
  readonly command: string;
  readonly timeoutMs: number;
  readonly cwd?: string;
  /** Kill the child and exit (130/143) on SIGINT/SIGTERM (default true); false when the caller handles them. */
  readonly exitOnSignal?: boolean;
}

export class SubprocessImplementation implements Implementation {
  private readonly child: ChildProcess;
  private nextId = 0;
  /** The requests sent and not yet answered, oldest first (replies come in request order). */
  private pendings: Pending[] = [];
  private fault: ImplementationFault | undefined;
  private readonly stderrTail: string[] = [];
  private closing = false;
  private interrupted: Interrupted | undefined;

  constructor(private readonly opts: SubprocessOptions) {
    this.child = spawn(opts.command, { shell: true, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    LIVE.add(this.child);
    if (opts.exitOnSignal !== false) hookSignals();
    this.child.on('error', (e) => this.fail(new ImplementationFault('crash', `could not start "${opts.command}": ${e.message}`)));
    this.child.stdin!.on('error', () => {
      /* a closed pipe shows up as the child's exit */
    });
    createInterface({ input: this.child.stderr!, crlfDelay: Infinity }).on('line', (l) => {
      this.stderrTail.push(l);
      if (this.stderrTail.length > 5) this.stderrTail.shift();
    });
    onLines(this.child.stdout!, (l) => this.onLine(l));
    this.child.on('exit', (code, signal) => {
      LIVE.delete(this.child);
      if (this.closing) return;
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = this.stderrTail.length > 0 ? ` (stderr: ${this.stderrTail.join(' | ').slice(0, 300)})` : '';
      this.fail(new ImplementationFault('crash', `the implementation ${how}${this.pendings.length > 0 ? ` while answering request ${this.pendings[0]!.id} (${this.pendings[0]!.action})` : ''}${tail}`));
    });
  }

  private fail(f: ImplementationFault): void {
    if (this.fault === undefined) this.fault = f;
    this.rejectAll(this.fault);
    killGroup(this.child);
  }

  /** Every outstanding request fails with `e`. */
  private rejectAll(e: Error): void {
    const ps = this.pendings;
    this.pendings = [];
    for (const p of ps) {
      clearTimeout(p.timer);
      p.reject(e);
    }
  }

  /** The oldest request is answered. */
  private settle(p: Pending, v: unknown): void {
    this.pendings.shift();
    clearTimeout(p.timer);
    p.resolve(v);
  }

  private onLine(line: string): void {
    if (this.fault || this.interrupted) return;
    const p = this.pendings[0];
    // the reply line the expected state would make, compared without parsing (in a lockstep run
    // the implementation's state is the model's at almost every step, and reading 40 KB of JSON
    // is not free)
    if (p !== undefined && p.expect !== undefined) {
      const head = `{"id":${p.id},"ok":true,"result":`;
      if (line.length === head.length + p.expect.length + 1 && line.startsWith(head) && line.endsWith('}') && line.slice(head.length, -1) === p.expect) return this.settle(p, EQUAL);
    }
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return this.fail(new ImplementationFault('not-protocol', `the implementation wrote a line that is not JSON: ${JSON.stringify(line.slice(0, 120))}`));
    }
    if (p === undefined) return this.fail(new ImplementationFault('not-protocol', `the implementation wrote ${line.slice(0, 120)} with no request pending`));
    if (!validateReply(msg)) return this.fail(new ImplementationFault('malformed', `malformed reply to request ${p.id} (${p.action}): ${schemaError(validateReply)}: ${line.slice(0, 160)}`));
    if (msg.id !== p.id) {
      const later = this.pendings.find((q) => q.id === msg.id);
      const why = later === undefined ? '' : ` (${later.action}, sent after it: request ${p.id} was skipped)`;
      return this.fail(new ImplementationFault('wrong-id', `reply to the wrong id: expected ${p.id} (${p.action}), got ${msg.id}${why}`));
    }
    this.settle(p, msg);
  }

  /** The handshake and init may take longer than an entry point (a start-up, a deployment). */
  private timeoutFor(action: string): number {
    return action === 'handshake' || action === 'init' ? Math.max(this.opts.timeoutMs, STARTUP_TIMEOUT_MS) : this.opts.timeoutMs;
  }

  /**
   * Queue a request: its reply (`expect`: see `stateUnlessEqual`) and the line to write. Nothing is
   * written; `request` writes one, `callAndState` two at once.
   */
  private enqueue(action: ProtocolAction | ControlAction, args: Record<string, unknown>, expect?: string): { reply: Promise<RawReply>; line: string } {
    if (this.interrupted) return { reply: Promise.reject(this.interrupted), line: '' };
    if (this.fault) return { reply: Promise.reject(this.fault), line: '' };
    const id = this.nextId++;
    const req = { id, action, args };
    if (!validateRequest(req)) throw new Error(`harness bug: invalid request ${JSON.stringify(req)}: ${schemaError(validateRequest)}`);
    const reply = new Promise<RawReply>((resolve, reject) => {
      const ms = this.timeoutFor(action);
      const timer = setTimeout(() => this.fail(new ImplementationFault('timeout', `no reply to request ${id} (${action}) within ${ms} ms`)), ms);
      this.pendings.push({ id, action, resolve: resolve as (v: unknown) => void, reject, timer, expect });
    });
    return { reply, line: `${JSON.stringify(req)}\n` };
  }

  private request(action: ProtocolAction | ControlAction, args: Record<string, unknown>, expect?: string): Promise<RawReply> {
    const q = this.enqueue(action, args, expect);
    if (q.line !== '') this.child.stdin!.write(q.line);
    return q.reply;
  }

  private okResult(action: string, r: RawReply): unknown {
    if (!r.ok) throw this.faultNow('malformed', `${action} must succeed, the implementation answered ${r.error.contract}#${r.error.code}`);
    return r.result;
  }

  private faultNow(kind: ImplementationFault['kind'], message: string): ImplementationFault {
    this.fail(new ImplementationFault(kind, message));
    return this.fault!;
  }

  async handshake(profile: ProfileName): Promise<Handshake> {
    const result = this.okResult('handshake', await this.request('handshake', { protocol_version: PROTOCOL_VERSION, profile }));
    if (!validateHandshake(result)) throw this.faultNow('handshake', `bad handshake: ${schemaError(validateHandshake)}`);
    return result;
  }

  async init(profile: ProfileName, w: WorldConfig): Promise<void> {
    if (w.fromSnapshot !== undefined) {
      // a snapshot world: the implementation reads the same file
      this.okResult('init', await this.request('init', { profile, world: snapshotSpecToJson(w.fromSnapshot) }));
      return;
    }
    const world: Record<string, unknown> = { users: w.users, pools: w.pools, start: w.start.toString() };
    if (w.reserves !== undefined) world.reserves = w.reserves;
    if (w.lpPerUser !== undefined) world.lp_per_user = w.lpPerUser.toString();
    if (w.rewardZoneGap !== undefined) world.reward_zone_gap = w.rewardZoneGap;
    this.okResult('init', await this.request('init', { profile, world }));
  }

  async call(a: Action): Promise<ImplReply> {
    const { action, args } = actionToRequest(a);
    return this.callReply(action, await this.request(action, args));
  }

  /**
   * `call` and then `stateUnlessEqual(expect)` (or `state()` when `expect` is undefined), both
   * requests written at once: one pipe round trip per step instead of two. The state's promise
   * settles after the reply's.
   */
  callAndState(a: Action, expect: string | undefined): { reply: Promise<ImplReply>; state: Promise<ObservableState | typeof EQUAL> } {
    const { action, args } = actionToRequest(a);
    const c = this.enqueue(action, args);
    const s = this.enqueue('state', {}, expect);
    if (c.line !== '') this.child.stdin!.write(c.line + s.line);
    return { reply: c.reply.then((r) => this.callReply(action, r)), state: s.reply.then((r) => this.stateReply(r)) };
  }

  private callReply(action: ProtocolAction, r: RawReply): ImplReply {
    if (!r.ok) return { ok: false, error: r.error as ImplReply & { ok: false } extends { error: infer E } ? E : never };
    if (!validateResult(r.result)) throw this.faultNow('malformed', `malformed result of ${action}: ${schemaError(validateResult)}: ${JSON.stringify(r.result).slice(0, 120)}`);
    if (r.result === null) return { ok: true, result: null };
    const v = BigInt(r.result);
    if (v > I128_MAX.value || v < I128_MIN.value) throw this.faultNow('out-of-range', `result of ${action} is outside i128: ${r.result}`);
    return { ok: true, result: v };
  }

  async state(): Promise<ObservableState> {
    return this.stateReply(await this.request('state', {})) as ObservableState;
  }

  private stateReply(r: RawReply | typeof EQUAL): ObservableState | typeof EQUAL {
    if (r === EQUAL) return EQUAL;
    const result = this.okResult('state', r);
    if (!validateState(result)) throw this.faultNow('malformed', `malformed state: ${schemaError(validateState)}`);
    return result;
  }

  /**
   * The state, or EQUAL when the reply line is `{"id":N,"ok":true,"result":TEXT}` with exactly the
   * given canonical text (the reference model's own reply for that state); any other reply is read
   * and validated as `state` reads it.
   */
  async stateUnlessEqual(text: string): Promise<ObservableState | typeof EQUAL> {
    return this.stateReply(await this.request('state', {}, text));
  }

  /** The run was interrupted: kill the child's process group at once; the outstanding requests fail with `Interrupted`. */
  interrupt(): void {
    if (this.interrupted) return;
    this.closing = true;
    this.interrupted = new Interrupted('a signal');
    this.rejectAll(this.interrupted);
    killGroup(this.child);
  }

  /** End the child: close its stdin, give it a moment, then kill its process group. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((res) => this.child.once('exit', () => res()));
    this.child.stdin!.end();
    const timer = setTimeout(() => killGroup(this.child), 500);
    await exited;
    clearTimeout(timer);
    LIVE.delete(this.child);
  }
}

/**
 * An implementation in a child process, driven over the check protocol: request lines on its
 * stdin, one reply line per request expected on its stdout, in request order, each within a
 * timeout. At most two requests are outstanding: an entry point's and the `state` request sent
 * with it without waiting for its reply (`callAndState`: both in one write; the caller's work of
 * the step runs while the child answers them). Every reply is validated against
 * docs/protocol.schema.json (a state reply that is, byte for byte, the line the expected state text
 * makes is taken unread); anything else is an ImplementationFault, and so is a reply line over
 * MAX_LINE_BYTES or one whose reading throws. Every wait is bounded (docs/protocol.md "Timeouts,
 * limits and processes"). The child runs in its own process group; the group and every process the
 * child started (src/check/proctree.ts) are killed on close, on a fault, on an interrupt and when
 * the harness exits, and the child's pipes are then closed so that nothing holds the harness.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Action } from '../../model/actions.ts';
import type { WorldConfig } from '../world/create.ts';
import { snapshotSpecToJson } from '../world/snapshot.ts';
import type { ProfileName } from '../../spec/profiles.ts';
import { I128_MAX, I128_MIN } from '../../spec/constants.ts';
import {
  actionToRequest,
  PROTOCOL_VERSION,
  type ClaimableArgs,
  type ClaimableResultJson,
  type ControlAction,
  type Handshake,
  type ProtocolAction,
  type ReadAction,
} from '../protocol/messages.ts';
import type { ObservableState } from '../protocol/state.ts';
import {
  schemaError,
  validateClaimableResult,
  validateHandshake,
  validateReply,
  validateRequest,
  validateResult,
  validateState,
} from '../protocol/validate.ts';
import { EQUAL, ImplementationFault, type ExpectLater, type Implementation, type ImplReply } from './implementation.ts';
import { Interrupted, SIGNAL_EXIT } from '../interrupt.ts';
import { Descendants, RUN_MARKER_VAR } from './proctree.ts';

/** The longest reply line read (bytes, without its newline): 64 MiB. A longer one is a fault (`oversized`). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** The longest stderr line kept whole for a fault message (bytes); a longer one is kept as its first 256 bytes. */
export const STDERR_LINE_BYTES = 1024;
/** After closing the implementation's stdin, how long it has to exit before it is killed (ms). */
export const CLOSE_GRACE_MS = 500;
/** How often the implementation's descendants are looked for while it runs (ms). */
export const DESCENDANTS_REFRESH_MS = 200;

/** Options of `onLines`. */
export interface LineOptions {
  /** The longest line passed on (bytes, without its `\n` or `\r\n`; default MAX_LINE_BYTES). */
  readonly maxLineBytes?: number;
  /**
   * Called for a line longer than `maxLineBytes`, with its first 256 bytes decoded, as soon as it
   * is known to be too long; the rest of that line is dropped unread, and the lines after it are
   * read as usual. Without it an oversized line is dropped silently.
   */
  readonly onOversized?: (head: string) => void;
}

/**
 * Calls `onLine` with each line of `input` (UTF-8, without its `\n` or `\r\n`), as readline
 * does, but found with Buffer.indexOf and decoded once: a state reply is a line of some 40 KB, and
 * readline's decoding, concatenation and line-break regex were a tenth of a lockstep step. Memory
 * is bounded: no more than `maxLineBytes` (+1 for a `\r`) of a line are ever kept (`LineOptions`).
 */
export function onLines(input: NodeJS.ReadableStream, onLine: (line: string) => void, opts: LineOptions = {}): void {
  onLineBytes(input, (bytes) => onLine(bytes.toString('utf8')), opts);
}

/**
 * `onLines`, each line given undecoded: its bytes without the `\n` or `\r\n`, valid only during
 * the call (a view of the chunk read when the line lies in one). The reader of a child's replies
 * compares a line with the bytes it expects before decoding it (`SubprocessImplementation`): in a
 * lockstep run most replies are the model's state text, and decoding them was most of the
 * harness's garbage.
 */
export function onLineBytes(input: NodeJS.ReadableStream, onLine: (line: Buffer) => void, opts: LineOptions = {}): void {
  const max = opts.maxLineBytes ?? MAX_LINE_BYTES;
  /** The line so far, and its length. */
  let parts: Buffer[] = [];
  let held = 0;
  /** Inside a line already found too long: its bytes are dropped up to its newline. */
  let dropping = false;
  const tooLong = (last: Buffer): void => {
    const head = Buffer.concat([...parts, last.subarray(0, 256)]).subarray(0, 256);
    parts = [];
    held = 0;
    opts.onOversized?.(head.toString('utf8'));
  };
  input.on('data', (chunk: Buffer) => {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      const piece = chunk.subarray(from, nl === -1 ? chunk.length : nl);
      if (!dropping) {
        if (held + piece.length > max + 1) {
          tooLong(piece);
          dropping = true;
        } else if (piece.length > 0) {
          parts.push(piece);
          held += piece.length;
        }
      }
      if (nl === -1) return;
      from = nl + 1;
      if (dropping) {
        dropping = false;
        continue;
      }
      const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, held);
      parts = [];
      held = 0;
      const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
      if (end > max) {
        parts = [bytes];
        tooLong(Buffer.alloc(0));
      } else onLine(bytes.subarray(0, end));
    }
  });
  input.on('end', () => {
    if (held > 0 && !dropping) {
      const bytes = Buffer.concat(parts, held);
      if (bytes.length > max) tooLong(Buffer.alloc(0));
      else onLine(bytes);
    }
    parts = [];
    held = 0;
  });
}

/** `JSON.stringify(v)` cut to `n` characters, or a note when it cannot be written (nested too deeply). */
function preview(v: unknown, n: number): string {
  try {
    return String(JSON.stringify(v)).slice(0, n);
  } catch (e) {
    return `(cannot be written out: ${(e as Error).message})`;
  }
}

/** Implementations whose processes may still be running, ended when this process exits however it exits. */
const LIVE = new Set<SubprocessImplementation>();
process.on('exit', () => {
  for (const impl of LIVE) impl.end();
});

/** Kill the process group `pgid`, whether or not its leader has exited (its other members have not). */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* no process left in the group */
  }
}

/**
 * The child runs in its own process group, so a Ctrl-C at the terminal does not reach it: on SIGINT,
 * SIGTERM or SIGHUP the harness ends it before exiting with the signal's conventional code — unless
 * the caller handles the signals itself (`exitOnSignal: false`, the CLI: it interrupts the run,
 * writes the partial reports and then exits with that code).
 */
let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
    process.once(signal, () => {
      for (const impl of LIVE) impl.end();
      process.exit(code);
    });
  }
}

/** Children spawned by this process (for their markers). */
let spawned = 0;

/** A reply as read: validated against the protocol schema, its result not yet. */
type RawReply = { ok: true; result: unknown } | { ok: false; error: { contract: string; code: number } };

interface Pending {
  readonly id: number;
  readonly action: string;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
  /**
   * For `stateUnlessEqual`: the state text whose exact reply line resolves to EQUAL unparsed (set
   * by `callAndState` after the request was written, before any reply can be read).
   */
  expect?: string;
}

export interface SubprocessOptions {
  /** A shell command line. */
  readonly command: string;
  /** How long each reply may take (ms; the CLI's `--timeout-ms`). */
  readonly timeoutMs: number;
  /** How long the handshake's and each init's reply may take (ms; the CLI's `--init-timeout-ms`; default `timeoutMs`). */
  readonly initTimeoutMs?: number;
  /** The longest reply line (bytes; default MAX_LINE_BYTES); a longer one is a fault (`oversized`). */
  readonly maxLineBytes?: number;
  readonly cwd?: string;
  /** Kill the child and exit (130/143/129) on SIGINT/SIGTERM/SIGHUP (default true); false when the caller handles them. */
  readonly exitOnSignal?: boolean;
  /** Where the one-line warnings about processes that could not be ended go (default stderr). */
  readonly warn?: (line: string) => void;
  /**
   * Validate each request the harness writes against docs/protocol.schema.json before writing it
   * (default true: an invalid one is a harness bug, thrown). False only where the child validates
   * every request itself and refuses an invalid one (the reference model's server,
   * src/protocol/line-server.ts: one line on stderr, exit 2, a `crash` fault here): the soak over
   * the protocol, where the second validation was a sixth of the harness's CPU a step.
   */
  readonly validateRequests?: boolean;
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
  /** The child's descendants, looked for while it runs (undefined: it did not start). */
  private readonly descendants: Descendants | undefined;
  private readonly refresher: NodeJS.Timeout | undefined;
  private lastRefresh = 0;
  /** `end` has run: the process group and every descendant were killed, the pipes destroyed. */
  private ended = false;
  private readonly exited: Promise<void>;

  constructor(private readonly opts: SubprocessOptions) {
    const marker = `${process.pid}-${++spawned}-${randomUUID()}`;
    this.child = spawn(opts.command, {
      shell: true,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, [RUN_MARKER_VAR]: marker },
    });
    this.exited = new Promise((res) => this.child.once('exit', () => res()));
    LIVE.add(this);
    if (opts.exitOnSignal !== false) hookSignals();
    if (this.child.pid !== undefined) {
      this.descendants = new Descendants(this.child.pid, marker);
      this.refresher = setInterval(() => this.refresh(), DESCENDANTS_REFRESH_MS).unref();
    }
    this.child.on('error', (e) => this.fail(new ImplementationFault('crash', `could not start "${opts.command}": ${e.message}`)));
    this.child.stdin!.on('error', () => {
      /* a closed pipe shows up as the child's exit */
    });
    // the last lines of stderr, for the fault messages (one longer than STDERR_LINE_BYTES: its first 256 bytes)
    const keep = (l: string): void => {
      this.stderrTail.push(l);
      if (this.stderrTail.length > 5) this.stderrTail.shift();
    };
    onLines(this.child.stderr!, keep, { maxLineBytes: STDERR_LINE_BYTES, onOversized: (head) => keep(`${head}…`) });
    onLineBytes(this.child.stdout!, (l) => this.onLine(l), {
      maxLineBytes: opts.maxLineBytes ?? MAX_LINE_BYTES,
      onOversized: (head) => {
        const p = this.pendings[0];
        this.fail(
          new ImplementationFault(
            'oversized',
            `a reply line${p ? ` to request ${p.id} (${p.action})` : ''} longer than the maximum line length of ${opts.maxLineBytes ?? MAX_LINE_BYTES} bytes, starting ${JSON.stringify(head.slice(0, 80))}`,
          ),
        );
      },
    });
    this.child.on('exit', (code, signal) => {
      if (this.closing) return;
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = this.stderrTail.length > 0 ? ` (stderr: ${this.stderrTail.join(' | ').slice(0, 300)})` : '';
      this.fail(
        new ImplementationFault(
          'crash',
          `the implementation ${how}${this.pendings.length > 0 ? ` while answering request ${this.pendings[0]!.id} (${this.pendings[0]!.action})` : ''}${tail}`,
        ),
      );
    });
  }

  /** Look for new descendants (at most every DESCENDANTS_REFRESH_MS / 2 when called at each request). */
  private refresh(): void {
    if (this.ended || this.descendants === undefined) return;
    const now = performance.now();
    if (now - this.lastRefresh < DESCENDANTS_REFRESH_MS / 2) return;
    this.lastRefresh = now;
    this.descendants.refresh();
  }

  /**
   * End the implementation's processes at once, synchronously: SIGKILL to its process group (even
   * when the group's leader has exited: what it started in its group has not) and to every
   * descendant seen (src/check/proctree.ts), a one-line warning for each that could not be ended;
   * then its pipes are destroyed and the child unreferenced, so that a process still holding them
   * cannot keep the harness from exiting. Runs on a fault, on `interrupt`, on `close` and when the
   * harness exits. Idempotent.
   */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.closing = true;
    LIVE.delete(this);
    if (this.refresher !== undefined) clearInterval(this.refresher);
    // look while the tree is whole: once the group is killed, what its members started is re-parented
    this.descendants?.refresh();
    if (this.child.pid !== undefined) killGroup(this.child.pid);
    const survivors = this.descendants?.endAll() ?? [];
    const warn = this.opts.warn ?? ((line: string) => process.stderr.write(line));
    for (const s of survivors)
      warn(`blend-harness: warning: could not end process ${s.pid} (${s.comm}), started by the implementation: ${s.why}\n`);
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) stream?.destroy();
    this.child.unref();
  }

  /** The first fault, whether or not a reply carried it (Implementation `faultSeen`). */
  faultSeen(): ImplementationFault | undefined {
    return this.fault;
  }

  private fail(f: ImplementationFault): void {
    if (this.fault === undefined) this.fault = f;
    this.rejectAll(this.fault);
    this.end();
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

  /**
   * A reply line, undecoded. Whatever reading it throws (a RangeError from a reply nested too
   * deeply, say) is a fault of the implementation (`malformed`), never an exception of the harness.
   */
  private onLine(bytes: Buffer): void {
    if (this.fault || this.interrupted) return;
    // the reply line the expected state would make, compared byte for byte without decoding or
    // parsing it (in a lockstep run the implementation's state is the model's at almost every
    // step, and reading 40 KB of JSON is not free)
    const p = this.pendings[0];
    if (p !== undefined && p.expect !== undefined && this.isExpectedLine(bytes, p.id, p.expect)) return this.settle(p, EQUAL);
    const line = bytes.toString('utf8');
    try {
      this.readLine(line);
    } catch (e) {
      const p = this.pendings[0];
      this.fail(
        e instanceof ImplementationFault
          ? e
          : new ImplementationFault(
              'malformed',
              `the reply${p ? ` to request ${p.id} (${p.action})` : ''} cannot be read: ${(e as Error)?.message ?? String(e)}: ${line.slice(0, 120)}`,
            ),
      );
    }
  }

  /** Where `isExpectedLine` writes the line it expects (grown as needed, kept between replies). */
  private expected: Buffer = Buffer.alloc(0);

  /** Whether `bytes` is `{"id":ID,"ok":true,"result":TEXT}` in UTF-8, exactly. */
  private isExpectedLine(bytes: Buffer, id: number, text: string): boolean {
    const head = `{"id":${id},"ok":true,"result":`;
    const length = head.length + Buffer.byteLength(text) + 1;
    if (bytes.length !== length) return false;
    if (this.expected.length < length) this.expected = Buffer.allocUnsafe(Math.max(length, 2 * this.expected.length));
    const b = this.expected;
    let n = b.write(head, 0, 'latin1');
    n += b.write(text, n, 'utf8');
    b[n++] = 0x7d; // }
    return n === length && bytes.equals(b.subarray(0, n));
  }

  private readLine(line: string): void {
    const p = this.pendings[0];
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return this.fail(
        new ImplementationFault('not-protocol', `the implementation wrote a line that is not JSON: ${JSON.stringify(line.slice(0, 120))}`),
      );
    }
    if (p === undefined)
      return this.fail(new ImplementationFault('not-protocol', `the implementation wrote ${line.slice(0, 120)} with no request pending`));
    if (!validateReply(msg))
      return this.fail(
        new ImplementationFault(
          'malformed',
          `malformed reply to request ${p.id} (${p.action}): ${schemaError(validateReply)}: ${line.slice(0, 160)}`,
        ),
      );
    if (msg.id !== p.id) {
      const later = this.pendings.find((q) => q.id === msg.id);
      const why = later === undefined ? '' : ` (${later.action}, sent after it: request ${p.id} was skipped)`;
      return this.fail(new ImplementationFault('wrong-id', `reply to the wrong id: expected ${p.id} (${p.action}), got ${msg.id}${why}`));
    }
    this.settle(p, msg);
  }

  /** The handshake and init have their own timeout (a start-up, a deployment), by default the others'. */
  private timeoutFor(action: string): { ms: number; flag: string } {
    return action === 'handshake' || action === 'init'
      ? { ms: this.opts.initTimeoutMs ?? this.opts.timeoutMs, flag: '--init-timeout-ms' }
      : { ms: this.opts.timeoutMs, flag: '--timeout-ms' };
  }

  /**
   * Queue a request: its reply (`expect`: see `stateUnlessEqual`) and the line to write. Nothing is
   * written; `request` writes one, `callAndState` two at once.
   */
  private enqueue(
    action: ProtocolAction | ControlAction | ReadAction,
    args: Record<string, unknown>,
    expect?: string,
  ): { reply: Promise<RawReply>; line: string; pending?: Pending } {
    if (this.interrupted) return { reply: Promise.reject(this.interrupted), line: '' };
    if (this.fault) return { reply: Promise.reject(this.fault), line: '' };
    const id = this.nextId++;
    const req = { id, action, args };
    // (load_state: its state alone, which is what the schema asks of it; the whole request's
    // validation walks every action's conditions and costs some 6 times as much)
    const valid = this.opts.validateRequests === false || (action === 'load_state' ? validateState(args.state) : validateRequest(req));
    if (!valid)
      throw new Error(
        `harness bug: invalid request ${JSON.stringify(req).slice(0, 200)}: ${schemaError(action === 'load_state' ? validateState : validateRequest)}`,
      );
    let pending: Pending | undefined;
    const reply = new Promise<RawReply>((resolve, reject) => {
      const { ms, flag } = this.timeoutFor(action);
      const timer = setTimeout(
        () => this.fail(new ImplementationFault('timeout', `no reply to request ${id} (${action}) within ${ms} ms (${flag})`)),
        ms,
      );
      pending = { id, action, resolve: resolve as (v: unknown) => void, reject, timer, expect };
      this.pendings.push(pending);
    });
    return { reply, line: `${JSON.stringify(req)}\n`, pending };
  }

  private request(action: ProtocolAction | ControlAction | ReadAction, args: Record<string, unknown>, expect?: string): Promise<RawReply> {
    const q = this.enqueue(action, args, expect);
    if (q.line !== '') this.child.stdin!.write(q.line);
    this.refresh();
    return q.reply;
  }

  private okResult(action: string, r: RawReply): unknown {
    if (!r.ok) throw this.faultNow('malformed', `${action} must succeed, the implementation answered ${r.error.contract}#${r.error.code}`);
    return r.result;
  }

  /**
   * `read()`, where whatever it throws that is not already a fault (a RangeError from a result
   * nested too deeply, say) is a fault of the implementation (`malformed`), not of the harness.
   */
  private guarded<T>(what: string, read: () => T): T {
    try {
      return read();
    } catch (e) {
      if (e instanceof ImplementationFault) throw e;
      throw this.faultNow('malformed', `the reply to ${what} cannot be read: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  private faultNow(kind: ImplementationFault['kind'], message: string): ImplementationFault {
    this.fail(new ImplementationFault(kind, message));
    return this.fault!;
  }

  async handshake(profile: ProfileName): Promise<Handshake> {
    const r = await this.request('handshake', { protocol_version: PROTOCOL_VERSION, profile });
    return this.guarded('handshake', () => {
      const result = this.okResult('handshake', r);
      if (!validateHandshake(result)) throw this.faultNow('handshake', `bad handshake: ${schemaError(validateHandshake)}`);
      return result;
    });
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
    if (w.whale === true) world.whale = true;
    if (w.secondReserve === true) world.second_reserve = true;
    this.okResult('init', await this.request('init', { profile, world }));
  }

  async call(a: Action): Promise<ImplReply> {
    const { action, args } = actionToRequest(a);
    return this.callReply(action, await this.request(action, args));
  }

  /**
   * `call` and then `stateUnlessEqual(expect)` (or `state()` when `expect` is undefined), the state
   * asked for without waiting for the call's reply: one pipe round trip per step instead of two,
   * both requests in one write. With an ExpectLater, its `text` runs once they are written, while
   * the child answers them (Implementation.callAndState); the state request is a full read
   * (`fresh`) as it says. The state's promise settles after the reply's.
   */
  callAndState(
    a: Action,
    expect: string | undefined | ExpectLater,
  ): { reply: Promise<ImplReply>; state: Promise<ObservableState | typeof EQUAL> } {
    const { action, args } = actionToRequest(a);
    const c = this.enqueue(action, args);
    const reply = c.reply.then((r) => this.callReply(action, r));
    // a full read (no expected text) is asked for afresh (docs/protocol.md, `state`)
    const fresh = typeof expect === 'object' ? expect.fresh : expect === undefined;
    const s = this.enqueue('state', fresh ? { fresh: true } : {}, typeof expect === 'string' ? expect : undefined);
    const state = s.reply.then((r) => this.stateReply(r));
    if (c.line !== '') this.child.stdin!.write(c.line + s.line);
    this.refresh();
    if (typeof expect === 'object') {
      // (both replies are read in order whatever happens next; a throw below is the caller's)
      reply.catch(() => undefined);
      state.catch(() => undefined);
      // no reply is read before this returns: the expected text is in place for the state's
      const text = expect.text();
      if (s.pending !== undefined) s.pending.expect = text;
    }
    return { reply, state };
  }

  private callReply(action: ProtocolAction, r: RawReply): ImplReply {
    return this.guarded(action, () => this.readCallReply(action, r));
  }

  private readCallReply(action: ProtocolAction, r: RawReply): ImplReply {
    if (!r.ok) return { ok: false, error: r.error as ImplReply & { ok: false } extends { error: infer E } ? E : never };
    if (!validateResult(r.result))
      throw this.faultNow('malformed', `malformed result of ${action}: ${schemaError(validateResult)}: ${preview(r.result, 120)}`);
    if (r.result === null) return { ok: true, result: null };
    const v = BigInt(r.result);
    if (v > I128_MAX.value || v < I128_MIN.value) throw this.faultNow('out-of-range', `result of ${action} is outside i128: ${r.result}`);
    return { ok: true, result: v };
  }

  async state(): Promise<ObservableState> {
    return this.stateReply(await this.request('state', { fresh: true })) as ObservableState;
  }

  private stateReply(r: RawReply | typeof EQUAL): ObservableState | typeof EQUAL {
    if (r === EQUAL) return EQUAL;
    return this.guarded('state', () => {
      const result = this.okResult('state', r);
      if (!validateState(result)) throw this.faultNow('malformed', `malformed state: ${schemaError(validateState)}`);
      return result;
    });
  }

  /**
   * The state, or EQUAL when the reply line is `{"id":N,"ok":true,"result":TEXT}` with exactly the
   * given canonical text (the reference model's own reply for that state); any other reply is read
   * and validated as `state` reads it.
   */
  async stateUnlessEqual(text: string): Promise<ObservableState | typeof EQUAL> {
    return this.stateReply(await this.request('state', {}, text));
  }

  /** `load_state` (an estimator): the state to estimate from; the reply must be `null`. */
  async loadState(state: ObservableState): Promise<void> {
    const r = await this.request('load_state', { state });
    this.guarded('load_state', () => {
      const result = this.okResult('load_state', r);
      if (result !== null) throw this.faultNow('malformed', `the result of load_state must be null, got ${preview(result, 80)}`);
    });
  }

  /**
   * `claimable`: the reply validated against $defs/claimableResult (which entries and units it
   * must hold is the caller's to check: src/check/claimable.ts). An error reply to the whole
   * request is a fault: each claim's revert is an entry's `error`.
   */
  async claimable(args: ClaimableArgs): Promise<ClaimableResultJson> {
    const r = await this.request('claimable', args as unknown as Record<string, unknown>);
    return this.guarded('claimable', () => {
      const result = this.okResult('claimable', r);
      if (!validateClaimableResult(result))
        throw this.faultNow('malformed', `malformed result of claimable: ${schemaError(validateClaimableResult)}: ${preview(result, 160)}`);
      return result;
    });
  }

  /** The run was interrupted: end the child's processes at once; the outstanding requests fail with `Interrupted`. */
  interrupt(): void {
    if (this.interrupted) return;
    this.closing = true;
    this.interrupted = new Interrupted('a signal');
    this.rejectAll(this.interrupted);
    this.end();
  }

  /**
   * End the child: close its stdin, give it CLOSE_GRACE_MS to exit, then `end` (its process group
   * and every descendant killed, its pipes destroyed), and wait (at most CLOSE_GRACE_MS more) for it
   * to be reaped.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.ended) return;
    const running = this.child.exitCode === null && this.child.signalCode === null;
    if (running) {
      this.child.stdin!.end();
      await this.waitExit(CLOSE_GRACE_MS);
    }
    this.end();
    if (running) await this.waitExit(CLOSE_GRACE_MS);
  }

  /** The child's exit, or `ms` passing. */
  private async waitExit(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((res) => (timer = setTimeout(res, ms)))]);
    clearTimeout(timer);
  }
}

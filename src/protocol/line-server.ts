/**
 * The implementation's side of the check protocol's line loop (docs/protocol.md), shared by the
 * reference model's server (adapters/model/server.ts), the blend-sdk estimator
 * (adapters/blend-sdk/main.ts) and the fake estimators of the tests
 * (test/fixtures/estimators/serve.ts).
 *
 * Reads stdin a line at a time and answers each line before the next (so the harness's two
 * outstanding requests are answered in order): parses it, validates it against
 * docs/protocol.schema.json `$defs/request` (`validateRequest`), hands it to the action's handler
 * and writes the handler's reply as one line on stdout, with the request's id. A request that
 * breaks the protocol — not JSON, refused by the schema, an action with no handler, or a handler's
 * `refuse` — is a fault of the harness: one line on stderr (`NAME: message`), no reply, exit 2.
 * When stdin ends, the pending replies flush and the process exits 0. Any other exception of a
 * handler is left to its caller (uncaught: node's own exit 1).
 */
import { createInterface } from 'node:readline';
import type { JsonArgs, ReplyError, Request } from './messages.ts';
import { schemaError, validateRequest } from './validate.ts';

/** What a handler answers: a result, a contract's error, or a result already written as JSON text. */
export type LineReply =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: ReplyError }
  | { readonly resultText: string };

/** A request's handler: its args (schema-valid for its action), the request and its line, to its reply. */
export type LineHandler = (args: JsonArgs, req: Request, line: string) => LineReply;

/** Thrown by `refuse`: the request breaks the protocol (one line on stderr, exit 2). */
export class ProtocolBreak extends Error {}

/** In a handler: the request breaks the protocol; `message` is the stderr line after the name. */
export function refuse(message: string): never {
  throw new ProtocolBreak(message);
}

export interface LineServerOptions {
  /** The implementation's name, the prefix of its stderr lines. */
  readonly name: string;
  /** The handler of each action it answers. */
  readonly handlers: Partial<Record<Request['action'], LineHandler>>;
  /** The handler of every other schema-valid action (default: `unknown action NAME`, exit 2). */
  readonly otherwise?: LineHandler;
}

/** `{"id":N,"ok":...}` as one line: the reply's JSON, the id first. */
export function replyLine(id: number, reply: LineReply): string {
  if ('resultText' in reply) return `{"id":${JSON.stringify(id)},"ok":true,"result":${reply.resultText}}\n`;
  return `${JSON.stringify(reply.ok ? { id, ok: true, result: reply.result } : { id, ok: false, error: reply.error })}\n`;
}

/** Serves the protocol on stdin/stdout until stdin ends (docs/protocol.md). */
export function serveLines(opts: LineServerOptions): void {
  const die = (msg: string): never => {
    process.stderr.write(`${opts.name}: ${msg}\n`);
    process.exit(2);
  };
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    let req: unknown;
    try {
      req = JSON.parse(line);
    } catch {
      return die(`not JSON: ${line.slice(0, 80)}`);
    }
    if (!validateRequest(req)) return die(`bad request ${line.slice(0, 80)}: ${schemaError(validateRequest)}`);
    const handler = opts.handlers[req.action] ?? opts.otherwise;
    if (handler === undefined) return die(`unknown action ${req.action}`);
    let reply: LineReply;
    try {
      reply = handler(req.args, req, line);
    } catch (e) {
      if (e instanceof ProtocolBreak) return die(e.message);
      throw e;
    }
    process.stdout.write(replyLine(req.id, reply));
  });
  // input ended: let pending replies flush, then the process ends by itself
  rl.on('close', () => {
    process.exitCode = 0;
  });
}

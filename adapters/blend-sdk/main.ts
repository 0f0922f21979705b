/**
 * `node --import tsx adapters/blend-sdk/main.ts` (`blend-harness check --impl blend-sdk`): an
 * estimator over the check protocol (docs/protocol.md, docs/estimators.md). It executes nothing: the
 * harness drives the model, pushes the model's state (`load_state`) and asks what a user could claim
 * (`claimable`), which @blend-capital/blend-sdk's own estimate classes answer in BLND as floats
 * (adapters/blend-sdk/estimate.ts).
 *
 * Requests, newline-delimited JSON on stdin, one reply each on stdout:
 * - `handshake` -> {protocol_version, name, version, profile: "blend-v2" (whatever is asked: the SDK
 *   estimates the v2 contracts), actions: [], estimator: {units: "blnd-float"}}
 * - `load_state` {state} -> null (the state as a `state` reply gives it)
 * - `claimable` {user, timestamp, backstop?: {contract, pools}, pools?: [{contract, reserve_token_ids}]}
 *   -> {backstop: [{pool, amount}], pools: [{pool, reserve_token_id, amount}]}; a reserve token id
 *   past a pool's reserves is an error reply (Pool 1200, as the contract's claim).
 * A request that breaks the protocol (not JSON, an unknown action, a state the schema refuses, a
 * `claimable` before any `load_state`) is a fault of the harness: one line on stderr, exit 2. An
 * exception of the SDK's: one line on stderr, exit 1.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PROTOCOL_VERSION } from '../../src/protocol/messages.ts';
import type { ObservableState } from '../../src/protocol/state.ts';
import { schemaError, validateState } from '../../src/protocol/validate.ts';
import { type ClaimableArgs, estimateClaimable, UnknownReserveError } from './estimate.ts';

const NAME = 'blend-sdk estimator';
const SDK_PACKAGE = '@blend-capital/blend-sdk';
/** The contract's error for an unknown reserve token id: Pool BadRequest (pool/src/errors.rs). */
const BAD_REQUEST = 1200;

const sdkVersion = (): string => {
  const pkg = JSON.parse(readFileSync(new URL(`../../node_modules/${SDK_PACKAGE}/package.json`, import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
};

const write = (reply: object): void => {
  process.stdout.write(`${JSON.stringify(reply)}\n`);
};
const die = (msg: string): never => {
  process.stderr.write(`${NAME}: ${msg}\n`);
  process.exit(2);
};

let state: ObservableState | undefined;
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  let req: { id?: unknown; action?: unknown; args?: unknown };
  try {
    req = JSON.parse(line) as typeof req;
  } catch {
    return die(`not JSON: ${line.slice(0, 80)}`);
  }
  const { id, action } = req;
  const args = (req.args ?? {}) as Record<string, unknown>;
  if (typeof id !== 'number' || typeof action !== 'string' || typeof args !== 'object' || args === null)
    return die(`bad request ${line.slice(0, 80)}: expected {id, action, args}`);
  switch (action) {
    case 'handshake':
      return write({
        id,
        ok: true,
        result: {
          protocol_version: PROTOCOL_VERSION,
          name: NAME,
          version: `${SDK_PACKAGE} ${sdkVersion()}`,
          // the SDK's estimate classes are the v2 contracts' (EmissionsV2, ReserveV2, BackstopPoolV2)
          profile: 'blend-v2',
          actions: [],
          estimator: { units: 'blnd-float' },
        },
      });
    case 'load_state': {
      // the state as a `state` reply gives it: docs/protocol.schema.json $defs/state
      if (!validateState(args.state)) return die(`load_state: args.state is not a state: ${schemaError(validateState)}`);
      state = args.state as ObservableState;
      return write({ id, ok: true, result: null });
    }
    case 'claimable': {
      if (state === undefined) return die('claimable before load_state');
      const a = args as unknown as ClaimableArgs;
      if (typeof a.user !== 'string' || typeof a.timestamp !== 'string' || !/^\d+$/.test(a.timestamp))
        return die(`claimable: expected {user, timestamp (unix seconds, a decimal string)}, got ${line.slice(0, 80)}`);
      try {
        return write({ id, ok: true, result: estimateClaimable(state, a) });
      } catch (e) {
        if (e instanceof UnknownReserveError) return write({ id, ok: false, error: { contract: 'Pool', code: BAD_REQUEST } });
        // the SDK threw: no answer (the harness reports the implementation's exit as a fault)
        process.stderr.write(`${NAME}: the SDK failed on ${line.slice(0, 80)}: ${(e as Error).message}\n`);
        return process.exit(1);
      }
    }
    default:
      return die(`unknown action ${JSON.stringify(action)} (an estimator answers handshake, load_state and claimable)`);
  }
});
rl.on('close', () => {
  process.exitCode = 0;
});

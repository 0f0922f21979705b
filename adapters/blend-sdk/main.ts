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
 * A request that breaks the protocol (not JSON, a request or state the schema refuses, an action
 * other than these, a `claimable` before any `load_state`) is a fault of the harness: one line on
 * stderr, exit 2 (src/protocol/line-server.ts). An exception of the SDK's: one line on stderr,
 * exit 1.
 */
import { readFileSync } from 'node:fs';
import { PROTOCOL_VERSION } from '../../src/protocol/messages.ts';
import type { ObservableState } from '../../src/protocol/state.ts';
import { refuse, serveLines } from '../../src/protocol/line-server.ts';
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

let state: ObservableState | undefined;
serveLines({
  name: NAME,
  handlers: {
    handshake: () => ({
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
    }),
    // the state as a `state` reply gives it: docs/protocol.schema.json $defs/state (the request's schema)
    load_state: (args) => {
      state = args.state as ObservableState;
      return { ok: true, result: null };
    },
    claimable: (args, _req, line) => {
      const s = state ?? refuse('claimable before load_state');
      try {
        return { ok: true, result: estimateClaimable(s, args as unknown as ClaimableArgs) };
      } catch (e) {
        if (e instanceof UnknownReserveError) return { ok: false, error: { contract: 'Pool', code: BAD_REQUEST } };
        // the SDK threw: no answer (the harness reports the implementation's exit as a fault)
        process.stderr.write(`${NAME}: the SDK failed on ${line.slice(0, 80)}: ${(e as Error).message}\n`);
        return process.exit(1);
      }
    },
  },
  otherwise: (_args, { action }) =>
    refuse(`unknown action ${JSON.stringify(action)} (an estimator answers handshake, load_state and claimable)`),
});

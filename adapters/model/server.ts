/**
 * The reference model served over the check protocol (docs/protocol.md): newline-delimited JSON
 * requests on stdin, replies on stdout. This is the self-check implementation, and the base of the
 * deliberately wrong implementations in test/fixtures/impls/ (each passes a patched `apply`).
 *
 * It answers `claimable` (read-only: model/claimable.ts, each claim run at the timestamp and rolled
 * back) and announces it. A request that breaks the protocol is a fault of the harness: one line on
 * stderr, exit 2.
 */
import { apply as modelApply, type Outcome } from '../../model/world.ts';
import { createWorld, type WorldConfig } from '../../src/world/create.ts';
import type { Action } from '../../model/actions.ts';
import type { World } from '../../model/state.ts';
import { getProfile } from '../../spec/profiles.ts';
import { PROTOCOL_VERSION, requestToAction, type ProtocolAction } from '../../src/protocol/messages.ts';
import { stateText } from '../../src/protocol/state-text.ts';
import { snapshotSpecOf, snapshotWorld } from '../../src/world/snapshot.ts';
import { refuse, serveLines } from '../../src/protocol/line-server.ts';
import { PROTOCOL_ACTIONS, type ClaimableArgs } from '../../src/protocol/messages.ts';
import { claimable } from '../../model/claimable.ts';
import { claimableQueryOf, claimableResultJson } from '../../src/protocol/claimable.ts';

export interface ServeOptions {
  readonly name: string;
  readonly version: string;
  /** The implementation's entry points (default: the reference model). */
  readonly apply?: (w: World, a: Action) => Outcome;
  /** Called on each fresh world (a faulty implementation's constants). */
  readonly prepare?: (w: World) => void;
  /**
   * The actions it announces (default: every entry point, and `claimable` when it serves the
   * reference model itself: `claimable` runs the model's own claims (model/claimable.ts), which are
   * not those of an implementation served with its own `apply` or `prepare`).
   */
  readonly actions?: readonly (ProtocolAction | 'claimable')[];
}

/** The world a harness `init` describes (`world` in the protocol's snake_case). */
export function worldConfigOf(args: Record<string, unknown>): WorldConfig {
  const c = args as {
    users: number;
    pools: number;
    reserves?: number;
    start: string;
    lp_per_user?: string;
    reward_zone_gap?: number | null;
    whale?: boolean;
    second_reserve?: boolean;
  };
  return {
    users: c.users,
    pools: c.pools,
    reserves: c.reserves,
    start: BigInt(c.start),
    lpPerUser: c.lp_per_user === undefined ? undefined : BigInt(c.lp_per_user),
    rewardZoneGap: c.reward_zone_gap,
    // the world options, each only when on (a world without them reads as before they existed)
    ...(c.whale === true ? { whale: true } : {}),
    ...(c.second_reserve === true ? { secondReserve: true } : {}),
  };
}

export function serve(opts: ServeOptions): void {
  const apply = opts.apply ?? modelApply;
  let world: World | undefined;
  const initialised = (action: string): World => world ?? refuse(`${action} before init`);
  serveLines({
    name: opts.name,
    handlers: {
      handshake: (args) => ({
        ok: true,
        result: {
          protocol_version: PROTOCOL_VERSION,
          name: opts.name,
          version: opts.version,
          profile: (args.profile as string | undefined) ?? 'documented',
          actions:
            opts.actions ??
            (opts.apply === undefined && opts.prepare === undefined ? [...PROTOCOL_ACTIONS, 'claimable'] : PROTOCOL_ACTIONS),
        },
      }),
      init: (args) => {
        const profile = getProfile(args.profile as string) ?? refuse(`init: unknown profile ${String(args.profile)}`);
        const w = args.world as Record<string, unknown>;
        if (typeof w.snapshot === 'string') {
          try {
            world = snapshotWorld(snapshotSpecOf(w));
          } catch (e) {
            return refuse(`init: ${(e as Error).message}`);
          }
        } else world = createWorld(profile, worldConfigOf(w));
        opts.prepare?.(world);
        return { ok: true, result: null };
      },
      // JSON.stringify({ id, ok: true, result: worldToState(world) }), written faster
      state: () => ({ resultText: stateText(initialised('state')) }),
      claimable: (args) => {
        // read-only: each claim run at the timestamp and rolled back (model/claimable.ts)
        const w = initialised('claimable');
        const q = claimableQueryOf(args as unknown as ClaimableArgs);
        for (const p of q.pools ?? []) if (!w.pools.has(p.contract)) refuse(`claimable: no pool ${p.contract}`);
        if (q.backstop !== undefined && !w.backstops.has(q.backstop.contract)) refuse(`claimable: no backstop ${q.backstop.contract}`);
        return { ok: true, result: claimableResultJson(claimable(w, q)) };
      },
      load_state: () => refuse('load_state: the reference model is not an estimator (it executes the steps itself)'),
    },
    otherwise: (args, { action }) => {
      const out = apply(initialised(action), requestToAction(action as ProtocolAction, args));
      return out.ok
        ? { ok: true, result: out.result === null ? null : out.result.toString() }
        : { ok: false, error: { contract: out.error.contract, code: out.error.code } };
    },
  });
}

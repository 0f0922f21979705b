/**
 * What `blend-harness check` drives: an implementation of Blend's emission entry points. In
 * TypeScript it satisfies `Implementation`; in any other language it speaks the check protocol
 * (docs/protocol.md) on a child process's stdin/stdout and is driven by `SubprocessImplementation`.
 */
import type { Action } from '../../model/actions.ts';
import { apply as modelApply, type Outcome } from '../../model/world.ts';
import { createWorld, type WorldConfig } from '../world/create.ts';
import type { World } from '../../model/state.ts';
import type { ContractName } from '../../spec/errors.ts';
import { getProfile, type ProfileName } from '../../spec/profiles.ts';
import { PROTOCOL_ACTIONS, PROTOCOL_VERSION, type ClaimableArgs, type ClaimableResultJson, type Handshake } from '../protocol/messages.ts';
import { worldToState, type ObservableState } from '../protocol/state.ts';
import { stateText } from '../protocol/state-text.ts';

/**
 * The state text a step's state request is to be compared with, made after the call and the state
 * request are sent (`Implementation.callAndState`): `fresh` says whether that request is a full
 * read (`state` with `fresh: true`, docs/protocol.md), known before the step; `text`, run once both
 * are written, gives the canonical text expected (src/protocol/state-text.ts), or undefined to have
 * the reply read and compared in full.
 */
export interface ExpectLater {
  readonly fresh: boolean;
  readonly text: () => string | undefined;
}

/** An entry point's reply: its return value (stroops, or null for none) or the contract's error. */
export type ImplReply =
  | { readonly ok: true; readonly result: bigint | null }
  | { readonly ok: false; readonly error: { readonly contract: ContractName; readonly code: number } };

export interface Implementation {
  /** Who it is, the profile it claims to follow and the protocol actions it supports. */
  handshake(profile: ProfileName): Promise<Handshake>;
  /** Start a fresh world as docs/protocol.md's genesis recipe describes `world`. */
  init(profile: ProfileName, world: WorldConfig): Promise<void>;
  /** Invoke one entry point (or advance time / set the LP composition). */
  call(action: Action): Promise<ImplReply>;
  /**
   * The whole observable state, in the canonical shape, read afresh (over the protocol: `state`
   * with `fresh: true`, so that an implementation that keeps its state text between steps reads
   * every field again).
   */
  state(): Promise<ObservableState>;
  /**
   * The state, or EQUAL when it is, byte for byte, `text`: the canonical state JSON
   * (src/protocol/state-text.ts) of the reference model after the same step. Optional: without it,
   * lockstep reads `state()` every step.
   */
  stateUnlessEqual?(text: string): Promise<ObservableState | typeof EQUAL>;
  /**
   * `call(action)` and then `stateUnlessEqual(expect)` (`state()` when `expect` is undefined),
   * without waiting for the call's reply (a child process: one pipe round trip per step).
   * `expect` is the text, or an ExpectLater whose `text` runs synchronously once both are asked
   * for, so that the caller's own work of the step (lockstep: the model's step and its state text)
   * runs while the implementation answers them (two processes on two cores). Whatever `text`
   * throws is thrown; both replies are still read in order. Optional: without it, lockstep awaits
   * the reply before it asks for the state.
   */
  callAndState?(
    action: Action,
    expect: string | undefined | ExpectLater,
  ): { readonly reply: Promise<ImplReply>; readonly state: Promise<ObservableState | typeof EQUAL> };
  /**
   * `load_state` (an estimator only): the observable state to estimate from, replacing any earlier
   * one. Optional: the harness sends it only to an implementation whose handshake declares an estimator.
   */
  loadState?(state: ObservableState): Promise<void>;
  /**
   * `claimable`: what a user could claim at a time, per backstop pool and per reserve token id
   * (docs/protocol.md "Claimable"); read-only. Optional: the harness asks only an estimator or an
   * implementation that lists "claimable" in its handshake's actions.
   */
  claimable?(args: ClaimableArgs): Promise<ClaimableResultJson>;
  /**
   * A fault the implementation showed that no awaited reply carried: a line written, or an exit,
   * after the last reply the harness waited for. The check ends as a fault on it, never a pass.
   * Optional: an implementation in this process has none.
   */
  faultSeen?(): ImplementationFault | undefined;
  /** Release the implementation (a child process never outlives this). */
  close(): Promise<void>;
  /** The run was interrupted: stop at once; a call in flight and every later one fail with `Interrupted`. */
  interrupt?(): void;
}

/** `stateUnlessEqual`'s answer when the implementation's state is the given canonical text. */
export const EQUAL = 'equal' as const;

/**
 * Why an implementation could not be checked: a crash, no reply within the timeout, a reply that
 * is not the protocol or breaks its schema, a reply to the wrong id, numbers out of i128 range.
 * A fault is never a pass (exit code 3).
 */
export class ImplementationFault extends Error {
  constructor(
    readonly kind: 'crash' | 'timeout' | 'not-protocol' | 'malformed' | 'wrong-id' | 'out-of-range' | 'handshake' | 'oversized',
    message: string,
  ) {
    super(message);
    this.name = 'ImplementationFault';
  }
}

export function outcomeToReply(out: Outcome): ImplReply {
  return out.ok ? { ok: true, result: out.result } : { ok: false, error: { contract: out.error.contract, code: out.error.code } };
}

/** The reference model (or a patched variant) as an in-process implementation. */
export class InProcessImplementation implements Implementation {
  private world: World | undefined;

  constructor(
    private readonly name = 'reference model (in process)',
    private readonly applyFn: (w: World, a: Action) => Outcome = modelApply,
    private readonly prepare?: (w: World) => void,
  ) {}

  async handshake(profile: ProfileName): Promise<Handshake> {
    return { protocol_version: PROTOCOL_VERSION, name: this.name, version: '0', profile, actions: [...PROTOCOL_ACTIONS] };
  }

  async init(profile: ProfileName, cfg: WorldConfig): Promise<void> {
    this.world = createWorld(getProfile(profile)!, cfg);
    this.prepare?.(this.world);
  }

  async call(action: Action): Promise<ImplReply> {
    return outcomeToReply(this.applyFn(this.world!, action));
  }

  async state(): Promise<ObservableState> {
    return worldToState(this.world!);
  }

  async stateUnlessEqual(text: string): Promise<ObservableState | typeof EQUAL> {
    return stateText(this.world!) === text ? EQUAL : worldToState(this.world!);
  }

  async close(): Promise<void> {}
}

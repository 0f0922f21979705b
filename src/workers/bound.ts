/** An implementation's methods as an object of its own, to override some (src/workers/check-pool.ts, check-worker.ts). */
import type { Action } from '../../model/actions.ts';
import type { ExpectLater, Implementation } from '../check/implementation.ts';
import type { ClaimableArgs } from '../protocol/messages.ts';
import type { ObservableState } from '../protocol/state.ts';

/** `impl`'s methods, bound to it (to be overridden one by one). */
export function bound(impl: Implementation): Implementation {
  return {
    handshake: (p) => impl.handshake(p),
    init: (p, w) => impl.init(p, w),
    call: (a) => impl.call(a),
    state: () => impl.state(),
    ...(impl.stateUnlessEqual ? { stateUnlessEqual: (text: string) => impl.stateUnlessEqual!(text) } : {}),
    ...(impl.callAndState ? { callAndState: (a: Action, text: string | undefined | ExpectLater) => impl.callAndState!(a, text) } : {}),
    ...(impl.loadState ? { loadState: (state: ObservableState) => impl.loadState!(state) } : {}),
    ...(impl.claimable ? { claimable: (args: ClaimableArgs) => impl.claimable!(args) } : {}),
    close: () => impl.close(),
    ...(impl.interrupt ? { interrupt: () => impl.interrupt!() } : {}),
  };
}

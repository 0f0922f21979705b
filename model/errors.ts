/**
 * A rejected call: the typed error the model raises where a contract panics.
 *
 * `contract` and `code` are what the Soroban host reports, `Error(Contract, #code)`; a Rust panic
 * (overflow, failed cast, unwrap of None) is `Error(WasmVm, InvalidAction)` (code 6).
 */
import { formatError, type ContractName, type ErrorSpec } from '../spec/errors.ts';

export class ContractError extends Error {
  readonly contract: ContractName;
  readonly code: number;
  readonly errorName: string;
  /** What the model was doing when it panicked, e.g. `fixed_mul_floor overflow`. */
  readonly detail: string | undefined;

  constructor(spec: ErrorSpec, detail?: string) {
    // a rejected call is an expected outcome, not a fault of the harness: no JS stack trace is
    // captured (capturing one costs more than the whole model call), and the message is
    // formatted only when read
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super();
    Error.stackTraceLimit = limit;
    this.name = 'ContractError';
    this.contract = spec.contract;
    this.code = spec.code;
    this.errorName = spec.name;
    this.detail = detail;
  }

  override get message(): string {
    const head = formatError({ contract: this.contract, code: this.code, name: this.errorName });
    return this.detail ? `${head}: ${this.detail}` : head;
  }

  /** True when this error is `spec` (same contract and code). */
  is(spec: ErrorSpec): boolean {
    return this.contract === spec.contract && this.code === spec.code;
  }
}

/** `panic_with_error!(e, spec)`. */
export function panicWithError(spec: ErrorSpec, detail?: string): never {
  throw new ContractError(spec, detail);
}

/**
 * The model's rejection (model/errors.ts): what the Soroban host reports, `Error(Contract, #code)`,
 * as `Contract#code Name`, with the model's detail after a colon; `is` compares contract and code
 * (Backstop#10 BalanceError and Token#10 BalanceError are different errors with the same code).
 */
import { describe, expect, it } from 'vitest';
import { ContractError, panicWithError } from '../../model/errors.ts';
import { BackstopError, EmitterError, TokenError } from '../../spec/errors.ts';

describe('ContractError', () => {
  it('is an Error named ContractError carrying the contract, code and name', () => {
    const e = new ContractError(BackstopError.BadRequest, 'too soon');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ContractError');
    expect([e.contract, e.code, e.errorName, e.detail]).toEqual(['Backstop', 1000, 'BadRequest', 'too soon']);
    expect(e.message).toBe('Backstop#1000 BadRequest: too soon');
    expect(new ContractError(EmitterError.BadDrop).message).toBe('Emitter#1101 BadDrop');
  });

  it('is(spec): the same contract and the same code', () => {
    const e = new ContractError(BackstopError.BalanceError);
    expect(e.is(BackstopError.BalanceError)).toBe(true);
    expect(e.is(TokenError.BalanceError)).toBe(false); // same code 10, other contract
    expect(e.is(BackstopError.BadRequest)).toBe(false); // same contract, other code
    expect(new ContractError(TokenError.BalanceError).is(BackstopError.BadRequest)).toBe(false);
  });

  it('panicWithError throws it', () => {
    expect(() => panicWithError(EmitterError.BadDrop, 'twice')).toThrowError(new ContractError(EmitterError.BadDrop, 'twice'));
    try {
      panicWithError(EmitterError.BadDrop);
    } catch (e) {
      expect(e).toBeInstanceOf(ContractError);
      expect((e as ContractError).is(EmitterError.BadDrop)).toBe(true);
    }
  });
});

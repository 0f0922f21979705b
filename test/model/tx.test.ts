/** A rejected call leaves no write behind. */
import { describe, expect, it } from 'vitest';
import { Tx } from '../../model/tx.ts';

describe('Tx', () => {
  it('rolls back map writes, new keys, fields and set additions in reverse order', () => {
    const m = new Map([['a', 1]]);
    const nested = new Map<string, Map<string, number>>();
    const o = { x: 1n };
    const s = new Set(['k']);
    const tx = new Tx();
    tx.set(m, 'a', 2);
    tx.set(m, 'a', 3);
    tx.set(m, 'b', 4);
    tx.setIn(nested, 'p', 'u', 5);
    tx.put(o, 'x', 9n);
    tx.add(s, 'z');
    tx.rollback();
    expect([...m]).toEqual([['a', 1]]);
    expect(nested.size).toBe(0);
    expect(o.x).toBe(1n);
    expect([...s]).toEqual(['k']);
  });

  it('keeps writes on commit', () => {
    const m = new Map<string, number>();
    const tx = new Tx();
    tx.set(m, 'a', 1);
    tx.commit();
    tx.rollback();
    expect(m.get('a')).toBe(1);
  });

  it('adding a value the set already holds is no write: a rollback keeps it', () => {
    const s = new Set(['k']);
    const tx = new Tx();
    tx.add(s, 'k');
    tx.add(s, 'n');
    tx.rollback();
    expect([...s]).toEqual(['k']);
  });

  it('setIn on an existing inner map writes into it; a rollback restores the old value and keeps the map', () => {
    const inner = new Map([
      ['u', 1],
      ['v', 2],
    ]);
    const outer = new Map([['p', inner]]);
    const tx = new Tx();
    tx.setIn(outer, 'p', 'u', 7);
    expect(outer.get('p')).toBe(inner);
    expect([...inner]).toEqual([
      ['u', 7],
      ['v', 2],
    ]);
    tx.rollback();
    expect(outer.get('p')).toBe(inner);
    expect([...inner]).toEqual([
      ['u', 1],
      ['v', 2],
    ]);
  });

  it('a rolled-back Tx holds nothing: a later rollback undoes only the later writes', () => {
    const m = new Map([['a', 1]]);
    const tx = new Tx();
    tx.set(m, 'a', 2);
    tx.set(m, 'b', 2);
    tx.rollback();
    m.set('a', 5).set('b', 6); // written outside the transaction, e.g. by a committed one
    tx.set(m, 'c', 3);
    tx.rollback();
    expect([...m]).toEqual([
      ['a', 5],
      ['b', 6],
    ]);
  });
});

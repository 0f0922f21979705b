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
});

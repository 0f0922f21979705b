/**
 * A transaction's write log. The Soroban host discards every storage write of a transaction that
 * panics; the model does the same: each write goes through a `Tx`, and a rejected call rolls back.
 * The log is a flat array (kind, target, key, old value) so that a write allocates no closure.
 */
const MAP_SET = 0;
const MAP_DEL = 1;
const FIELD = 2;
const SET_DEL = 3;

export class Tx {
  private readonly log: unknown[] = [];

  /** `map.set(key, value)`, undoable. */
  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (map.has(key)) this.log.push(MAP_SET, map, key, map.get(key));
    else this.log.push(MAP_DEL, map, key, undefined);
    map.set(key, value);
  }

  /** `map.delete(key)`, undoable. */
  del<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    this.log.push(MAP_SET, map, key, map.get(key));
    map.delete(key);
  }

  /** `outer.get(k1).set(k2, value)`, creating the inner map where needed, undoable. */
  setIn<K1, K2, V>(outer: Map<K1, Map<K2, V>>, k1: K1, k2: K2, value: V): void {
    let inner = outer.get(k1);
    if (inner === undefined) {
      inner = new Map();
      this.set(outer, k1, inner);
    }
    this.set(inner, k2, value);
  }

  /** `obj[field] = value`, undoable. */
  put<T extends object, F extends keyof T>(obj: T, field: F, value: T[F]): void {
    this.log.push(FIELD, obj, field, obj[field]);
    obj[field] = value;
  }

  /** `set.add(value)`, undoable. */
  add<V>(set: Set<V>, value: V): void {
    if (set.has(value)) return;
    this.log.push(SET_DEL, set, value, undefined);
    set.add(value);
  }

  rollback(): void {
    const l = this.log;
    for (let i = l.length - 4; i >= 0; i -= 4) {
      const target = l[i + 1];
      switch (l[i]) {
        case MAP_SET:
          (target as Map<unknown, unknown>).set(l[i + 2], l[i + 3]);
          break;
        case MAP_DEL:
          (target as Map<unknown, unknown>).delete(l[i + 2]);
          break;
        case FIELD:
          (target as Record<PropertyKey, unknown>)[l[i + 2] as PropertyKey] = l[i + 3];
          break;
        case SET_DEL:
          (target as Set<unknown>).delete(l[i + 2]);
          break;
      }
    }
    l.length = 0;
  }

  commit(): void {
    this.log.length = 0;
  }
}

/**
 * A transaction's write log. The Soroban host discards every storage write of a transaction that
 * panics; the model does the same: each write goes through a `Tx`, and a rejected call rolls back.
 */
export class Tx {
  private readonly undo: (() => void)[] = [];

  /** `map.set(key, value)`, undoable. */
  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (map.has(key)) {
      const old = map.get(key) as V;
      this.undo.push(() => map.set(key, old));
    } else {
      this.undo.push(() => map.delete(key));
    }
    map.set(key, value);
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
    const old = obj[field];
    this.undo.push(() => {
      obj[field] = old;
    });
    obj[field] = value;
  }

  /** `set.add(value)`, undoable. */
  add<V>(set: Set<V>, value: V): void {
    if (set.has(value)) return;
    this.undo.push(() => set.delete(value));
    set.add(value);
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
    this.undo.length = 0;
  }

  commit(): void {
    this.undo.length = 0;
  }
}

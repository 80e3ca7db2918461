/** One state object per symbol, for rules that keep per-symbol state. */

/**
 * Keeps one state object per symbol in a Map, created on first use. Symbols
 * are few and long-lived, so the map is bounded by the number of listed
 * symbols; iteration is in insertion order (deterministic).
 */
export class PerSymbol<S> {
  private readonly map = new Map<string, S>();
  constructor(private readonly make: (symbol: string) => S) {}

  private lastSymbol: string | null = null;
  private lastState: S | undefined;

  get(symbol: string): S {
    // Consecutive events are often on the same symbol: skip the hash lookup.
    if (symbol === this.lastSymbol) return this.lastState!;
    let s = this.map.get(symbol);
    if (s === undefined) {
      s = this.make(symbol);
      this.map.set(symbol, s);
    }
    this.lastSymbol = symbol;
    this.lastState = s;
    return s;
  }

  get size(): number {
    return this.map.size;
  }

  values(): IterableIterator<S> {
    return this.map.values();
  }
}

/**
 * A bounded table of recently active accounts (per symbol, say), for rules
 * that keep a small record per account in parallel typed arrays indexed by
 * slot. Account ids map to slots through an open-addressing hash table on
 * typed arrays (no Map, no per-account objects, no per-trade allocation).
 * Accounts idle for longer than a chosen time are dropped by `expire`, which
 * rebuilds the hash index (O(slots), so call it about once per window, not
 * per trade). Beyond `maxAccounts` live accounts, `slotFor` refuses new
 * accounts (returns -1) until some expire: memory stays bounded whatever the
 * stream.
 *
 * Slots are reused after expiry; a rule that keeps per-slot data must reset
 * it when `slotFor` reports a fresh slot (`isNew`) and grow its arrays when
 * `capacity` grows (`onGrow`).
 */
export class AccountSlots {
  /** Account of each slot (0 = free). */
  account = new Float64Array(0);
  /** Last time each slot was touched, ms. */
  lastT = new Float64Array(0);
  /** Whether the last `slotFor` call created the slot. */
  isNew = false;
  private keys = new Float64Array(0);
  private vals = new Int32Array(0);
  private mask = -1;
  private used = 0;
  private live = 0;
  private readonly free: number[] = [];
  private cap = 0;

  /**
   * @param maxAccounts most live accounts kept at once (count)
   * @param onGrow called with the new slot capacity whenever it grows
   */
  constructor(
    private readonly maxAccounts: number,
    private readonly onGrow: (capacity: number) => void = () => undefined,
  ) {}

  /** Live accounts. */
  get size(): number {
    return this.live;
  }

  /** Slots allocated (live + free); grows by doubling up to the cap. */
  get capacity(): number {
    return this.cap;
  }

  /** Slot of an account, or -1 when it is not tracked. */
  find(account: number): number {
    if (this.mask < 0) return -1;
    let h = Math.imul(account, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = this.keys[h]!;
      if (k === account) return this.vals[h]!;
      if (k === 0) return -1;
      h = (h + 1) & this.mask;
    }
  }

  /** Slot of an account at time t, created when new (sets `isNew`); -1 when the table is full. */
  slotFor(account: number, t: number): number {
    let slot = this.find(account);
    this.isNew = false;
    if (slot < 0) {
      if (this.live >= this.maxAccounts) return -1;
      const reused = this.free.pop();
      if (reused !== undefined) slot = reused;
      else {
        if (this.used === this.cap) this.growSlots(Math.min(Math.max(64, this.cap * 2), Math.max(64, this.maxAccounts)));
        slot = this.used++;
      }
      this.account[slot] = account;
      this.live++;
      this.isNew = true;
      if ((this.live + 1) * 2 > this.keys.length) this.rebuild(this.keys.length * 2 || 128);
      else this.insert(account, slot);
    }
    this.lastT[slot] = t;
    return slot;
  }

  /** Drops accounts last touched before t - idleMs, and rebuilds the index. O(slots). */
  expire(t: number, idleMs: number): void {
    for (let s = 0; s < this.used; s++) {
      if (this.account[s] !== 0 && t - this.lastT[s]! > idleMs) {
        this.account[s] = 0;
        this.free.push(s);
        this.live--;
      }
    }
    this.rebuild(this.keys.length);
  }

  private insert(account: number, slot: number): void {
    let h = Math.imul(account, 0x9e3779b1) & this.mask;
    while (this.keys[h] !== 0) h = (h + 1) & this.mask;
    this.keys[h] = account;
    this.vals[h] = slot;
  }

  private rebuild(size: number): void {
    if (this.keys.length !== size) {
      this.keys = new Float64Array(size);
      this.vals = new Int32Array(size);
      this.mask = size - 1;
    } else this.keys.fill(0);
    for (let s = 0; s < this.used; s++) if (this.account[s] !== 0) this.insert(this.account[s]!, s);
  }

  private growSlots(cap: number): void {
    const a = new Float64Array(cap);
    a.set(this.account);
    const l = new Float64Array(cap);
    l.set(this.lastT);
    this.account = a;
    this.lastT = l;
    this.cap = cap;
    this.onGrow(cap);
  }
}

/**
 * What the account profile store keeps per account ({@link AccountRecord}:
 * times, API keys, IPs and devices, platforms, channels, symbols ordered,
 * holdings; see account-profile.ts for the whole list and its bounds), the
 * queries rules ask of it, and how its bounded lists are kept: which entry is
 * evicted when a list is full. Which event updates what is the store's
 * business (account-profile.ts); this file only holds the record and its
 * slots, so the layout of the struct-of-arrays fields stays in one place.
 */
import { sameNetwork } from './network.js';
import type { SymbolMemory } from './symbol-memory.js';

/** Channel bits of {@link AccountRecord.channels}. */
export const CHANNEL_BIT = { web: 1, app: 2, api: 4, unknown: 0 } as const;

export interface KeyRecord {
  key: number;
  /** When the key was created, ms; -1 when its creation was not in the stream. */
  createdAt: number;
  /** Sequence number of the `api-key-created` event; -1 when not seen. */
  createdSeq: number;
  platform: string | null;
  /** IP and device of the session the key was created in (login within sessionLinkMs before), if any. */
  createdIp: string | null;
  createdDevice: string | null;
  /** True when that session's IP and device were both new to an account that had history. */
  createdFromNewSource: boolean;
  /** First and last use in an accepted order, ms; -1 when never used. */
  firstUsed: number;
  lastUsed: number;
  /** Accepted orders placed with the key. */
  uses: number;
  /** Start of the current run of use (first use after a silence > runGapMs), ms; -1 before any use. */
  runStart: number;
  /** Silence before that run, ms (since creation for a first use; -1 when creation unseen). */
  runGap: number;
  /** Uses before that run (0: the run began with the key's first use). */
  runUsesBefore: number;
}

/** An IP or a device fingerprint as seen on one account. */
export interface SourceRecord {
  value: string;
  count: number;
  first: number;
  last: number;
}

/**
 * Field offsets of an account's symbol and asset arrays (struct of arrays: one
 * Float64Array each, keys compared by pointer, so the per-trade update touches
 * few cache lines and allocates nothing). Symbol slot i of S: last order, orders.
 * Asset slot j of A: asset id (the store's small integer for the asset name),
 * balance, amount sold in the current liquidation window, start and first
 * sell's sequence number of that window, last sell, last buy.
 */
export const SYM_LAST = 0;
export const SYM_ORDERS = 1;
export const SYM_FIELDS = 2;
export const AS_ID = 0;
export const AS_BAL = 1;
export const AS_SOLD = 2;
export const AS_SINCE = 3;
export const AS_SEQ = 4;
export const AS_LASTSELL = 5;
export const AS_LASTBUY = 6;
export const AS_FIELDS = 7;

export class AccountRecord {
  firstSeen: number;
  /** Last order, trade or login, ms; -1 when never active. */
  lastActive = -1;
  lastOrder = -1;
  lastTrade = -1;
  /** Start of the current activity run (first activity after a silence > runGapMs), ms; -1 before any. */
  runStart = -1;
  /** Silence before that run, ms; -1 when the run began with the account's first activity. */
  runGap = -1;
  /** Actions before that run. */
  runActionsBefore = 0;
  /** Last thing that touched the record (any event), for retention. */
  touched: number;
  /** Orders and logins seen (the account's baseline size). */
  actions = 0;
  /** Channels used (CHANNEL_BIT). */
  channels = 0;
  lastLogin = -1;
  lastLoginSeq = -1;
  lastLoginIp: string | null = null;
  lastLoginDevice: string | null = null;
  /** The last login's IP and device were both new to an account with prior actions. */
  lastLoginNew = false;
  lastDeposit = -1;
  lastDepositSeq = -1;
  lastDepositAsset: string | null = null;
  lastDepositAmount = 0;
  readonly keys: KeyRecord[] = [];
  readonly ips: SourceRecord[] = [];
  readonly devices: SourceRecord[] = [];
  readonly platforms: string[] = [];
  /** Symbols ordered (at most maxSymbols) and their fields (SYM_*), null until the first order. */
  syms: SymbolMemory[] | null = null;
  symD: Float64Array | null = null;
  /** A symbol was evicted: "never traded X" means "not among the recent ones". */
  symbolsOverflow = false;
  /** Assets held (at most maxAssets, `assetCount` used) and their fields (AS_*), null until the first balance change. */
  assetD: Float64Array | null = null;
  assetCount = 0;

  constructor(
    readonly account: number,
    t: number,
    private readonly assetNames: readonly string[],
  ) {
    this.firstSeen = t;
    this.touched = t;
  }

  key(key: number): KeyRecord | undefined {
    const ks = this.keys;
    for (let i = 0; i < ks.length; i++) if (ks[i]!.key === key) return ks[i];
    return undefined;
  }

  ip(value: string): SourceRecord | undefined {
    return findSource(this.ips, value);
  }

  device(value: string): SourceRecord | undefined {
    return findSource(this.devices, value);
  }

  /** Whether an IP of the same /24 (IPv4) or /48 (IPv6) was seen on the account. */
  knowsNetwork(ip: string): boolean {
    const ips = this.ips;
    for (let i = 0; i < ips.length; i++) if (sameNetwork(ips[i]!.value, ip)) return true;
    return false;
  }

  usedPlatform(platform: string): boolean {
    return this.platforms.includes(platform);
  }

  /** Symbols remembered (ordered). */
  get symbolCount(): number {
    return this.syms?.length ?? 0;
  }

  /** Whether the account ordered the symbol (among the remembered ones); every trade has its orders. */
  knowsSymbol(symbol: string): boolean {
    const ss = this.syms;
    if (ss === null) return false;
    for (let i = 0; i < ss.length; i++) if (ss[i]!.symbol === symbol) return true;
    return false;
  }

  /** Orders on a symbol and the last one's time; undefined when never ordered. */
  symbolStats(symbol: string): { orders: number; last: number } | undefined {
    const ss = this.syms;
    if (ss === null) return undefined;
    const S = ss.length === 0 ? 0 : this.symD!.length / SYM_FIELDS;
    for (let i = 0; i < ss.length; i++) {
      if (ss[i]!.symbol === symbol) return { orders: this.symD![SYM_ORDERS * S + i]!, last: this.symD![SYM_LAST * S + i]! };
    }
    return undefined;
  }

  /** Assets tracked. */
  get holdingCount(): number {
    return this.assetCount;
  }

  holdingAsset(j: number): string {
    return this.assetNames[this.field(AS_ID, j)]!;
  }

  private field(f: number, j: number): number {
    const d = this.assetD!;
    return d[f * (d.length / AS_FIELDS) + j]!;
  }

  /** Balance of holding j rebuilt from the stream (a lower bound without opening balances), asset units. */
  holdingBalance(j: number): number {
    return Math.max(0, this.field(AS_BAL, j));
  }

  /** Amount of holding j sold since `holdingSoldSince(j)`, asset units. */
  holdingSold(j: number): number {
    return this.field(AS_SOLD, j);
  }

  /** Start of holding j's current liquidation window (its first sell), ms; -1 when none. */
  holdingSoldSince(j: number): number {
    return this.field(AS_SOLD, j) > 0 ? this.field(AS_SINCE, j) : -1;
  }

  /** Sequence number of that first sell (evidence). */
  holdingSoldSeq(j: number): number {
    return this.field(AS_SEQ, j);
  }

  /** Last sell and last buy of holding j (the direction hints), ms; -1 when none. */
  holdingLastSell(j: number): number {
    return this.field(AS_LASTSELL, j);
  }

  holdingLastBuy(j: number): number {
    return this.field(AS_LASTBUY, j);
  }

  /** Balance of an asset as rebuilt from the stream (0 when unknown), asset units. */
  balance(asset: string): number {
    for (let j = 0; j < this.assetCount; j++) if (this.holdingAsset(j) === asset) return Math.max(0, this.field(AS_BAL, j));
    return 0;
  }
}

/** Counts a sighting; returns true when the value is new to the list. */
export function rememberSource(list: SourceRecord[], value: string, t: number, cap: number): boolean {
  const found = findSource(list, value);
  if (found !== undefined) {
    found.count++;
    found.last = t;
    return false;
  }
  if (list.length >= cap) {
    // Evict the least used (ties: least recently seen): one-off IPs go before the home IP.
    let worst = 0;
    for (let i = 1; i < list.length; i++) {
      const a = list[i]!;
      const w = list[worst]!;
      if (a.count < w.count || (a.count === w.count && a.last < w.last)) worst = i;
    }
    list.splice(worst, 1);
  }
  list.push({ value, count: 1, first: t, last: t });
  return true;
}

/** Adds a key record to an account (evicting the least recently used or created one when at `maxKeys`). */
export function addKey(r: AccountRecord, key: number, maxKeys: number): KeyRecord {
  if (r.keys.length >= maxKeys) {
    let worst = 0;
    for (let i = 1; i < r.keys.length; i++) {
      const a = r.keys[i]!;
      if (Math.max(a.lastUsed, a.createdAt) < Math.max(r.keys[worst]!.lastUsed, r.keys[worst]!.createdAt)) worst = i;
    }
    r.keys.splice(worst, 1);
  }
  const k: KeyRecord = {
    key,
    createdAt: -1,
    createdSeq: -1,
    platform: null,
    createdIp: null,
    createdDevice: null,
    createdFromNewSource: false,
    firstUsed: -1,
    lastUsed: -1,
    uses: 0,
    runStart: -1,
    runGap: -1,
    runUsesBefore: 0,
  };
  r.keys.push(k);
  return k;
}

/** The slot of a symbol in an account's list (added, evicting the least recently used, when new); marks it used. */
export function symbolSlot(r: AccountRecord, sm: SymbolMemory, t: number, S: number): number {
  if (r.syms === null) {
    r.syms = [];
    r.symD = new Float64Array(SYM_FIELDS * S);
  }
  const ss = r.syms;
  const d = r.symD!;
  for (let i = 0; i < ss.length; i++) {
    if (ss[i] === sm) {
      d[SYM_LAST * S + i] = t;
      return i;
    }
  }
  let i = ss.length;
  if (i >= S) {
    i = 0;
    for (let k = 1; k < S; k++) if (d[SYM_LAST * S + k]! < d[SYM_LAST * S + i]!) i = k;
    ss[i] = sm;
    r.symbolsOverflow = true;
  } else ss.push(sm);
  d[SYM_LAST * S + i] = t;
  d[SYM_ORDERS * S + i] = 0;
  return i;
}

/** The slot of an asset (by id) in an account's holdings (added, evicting the smallest balance, when new). */
export function assetIndex(r: AccountRecord, id: number, A: number): number {
  let d = r.assetD;
  if (d === null) d = r.assetD = new Float64Array(AS_FIELDS * A);
  const n = r.assetCount;
  for (let j = 0; j < n; j++) if (d[j] === id) return j;
  let j = n;
  if (j >= A) {
    j = 0;
    for (let k = 1; k < A; k++) if (d[AS_BAL * A + k]! < d[AS_BAL * A + j]!) j = k;
  } else r.assetCount = n + 1;
  for (let f = 0; f < AS_FIELDS; f++) d[f * A + j] = 0;
  d[AS_ID * A + j] = id;
  d[AS_SINCE * A + j] = -1;
  d[AS_LASTSELL * A + j] = -1;
  d[AS_LASTBUY * A + j] = -1;
  return j;
}

function findSource(list: SourceRecord[], value: string): SourceRecord | undefined {
  for (let i = 0; i < list.length; i++) if (list[i]!.value === value) return list[i];
  return undefined;
}

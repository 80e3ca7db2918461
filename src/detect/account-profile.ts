/**
 * A compact activity profile per account, and a small memory per symbol, kept
 * from the event stream alone: what "normal" looks like for an account, so a
 * rule can tell that something is new (a key used for the first time, an IP
 * or device the account never used, a symbol it never traded, a portfolio
 * being emptied). Shared by account-takeover and coordinated-burst; any rule
 * may keep its own instance.
 *
 * Per account ({@link AccountRecord}):
 * - first seen, last active (any order, trade or login), last order and trade,
 *   the current run of activity (its start and the silence before it), number
 *   of actions (orders and logins), last login (IP, device, whether both were
 *   new), last deposit;
 * - per API key (at most `maxKeys`): created-at (from `api-key-created`, or
 *   -1 when not seen), platform, the session it was created in (the login
 *   within `sessionLinkMs` before), first and last use, uses, and its current
 *   run of use (start, silence before it, uses before it);
 * - IPs and devices seen (at most `maxIps` / `maxDevices`, each with a count
 *   and first/last time; the least used is evicted first, so one-off IPs go
 *   before the home IP), platforms used (at most `maxPlatforms`), channels used
 *   (bit set);
 * - symbols ordered (at most `maxSymbols`, least recently used evicted;
 *   `symbolsOverflow` says "never traded" is then only "not recently");
 * - holdings per asset (at most `maxAssets`), rebuilt from deposits, trades,
 *   fees and withdrawals, with the direction hints (last buy, last sell) and
 *   the amount sold since the first sell of the current `liquidationWindowMs`
 *   (so "sold 100% of ETH in the last minute" can be read off). Without
 *   opening balances in the stream (real data without transfers) balances are
 *   lower bounds, clamped at 0.
 * Symbols and holdings are kept as struct-of-arrays (one Float64Array each,
 * keys compared by pointer), so a trade touches a few cache lines and
 * allocates nothing.
 *
 * Memory per account: about 1 KB for an account that trades (record, two small
 * Float64Arrays, a key and a couple of IP/device entries), at most about 3 KB
 * with every cap full. Accounts not touched for `retentionMs` (default 90
 * days) are dropped by a sweep that runs at most once per `sweepEveryMs` of
 * stream time (amortised O(1) per event): memory is bounded by the accounts
 * active within the retention period, not by the length of the stream.
 *
 * Shared registries: per symbol ({@link SymbolMemory}) the assets, lot and
 * tick value and a {@link PriceReference} (the "pre-burst" price: lowest and
 * highest per-bucket close over `refWindowMs`, current bucket excluded; fixed
 * size); per device fingerprint the distinct accounts it was used on (first
 * `maxAccountsPerDevice` ids kept, pruned like the accounts): one device on 30
 * accounts is a linkage signal; per platform the networks its orders came
 * from (at most 16); a bounded IP-to-network cache (cleared at 100,000).
 *
 * Work per event: one or two Map look-ups and scans of arrays of at most a few
 * entries. Rules that compare an event with the past read the record BEFORE
 * calling {@link AccountProfiles.observe} with that event.
 */
import type { MarketEvent, EventOf, RecordedChannel } from '../core/index.js';
import { networkOf, sameNetwork } from './network.js';
import { PriceReference } from './price-reference.js';

/** Options of the profile store; every field has a default. */
export interface AccountProfileOptions {
  /** Distinct IPs remembered per account (least used evicted first). Count. */
  maxIps: number;
  /** Distinct device fingerprints remembered per account. Count. */
  maxDevices: number;
  /** API keys remembered per account (least recently used evicted). Count. */
  maxKeys: number;
  /** Platforms remembered per account. Count. */
  maxPlatforms: number;
  /** Symbols remembered per account (least recently used evicted). Count. */
  maxSymbols: number;
  /** Assets whose balance is tracked per account. Count. */
  maxAssets: number;
  /** Track trades (holdings, symbols traded, prices); off for rules that read only orders. */
  trades: boolean;
  /** Sells are summed per asset over this window for liquidation hints, ms. */
  liquidationWindowMs: number;
  /** A silence longer than this starts a new activity run (of a key or an account), ms. */
  runGapMs: number;
  /** A key created within this time after a login is taken to be created in that session, ms. */
  sessionLinkMs: number;
  /** Accounts and devices untouched this long are forgotten, ms. */
  retentionMs: number;
  /** The sweep that forgets them runs at most this often (stream time), ms. */
  sweepEveryMs: number;
  /** Account ids kept per device in the device registry. Count. */
  maxAccountsPerDevice: number;
  /** Look-back of the reference ("pre-burst") price, ms. */
  refWindowMs: number;
  /** Buckets the reference look-back is cut into. Count. */
  refBuckets: number;
}

export const DEFAULT_PROFILE_OPTIONS: AccountProfileOptions = {
  maxIps: 6,
  maxDevices: 4,
  maxKeys: 6,
  maxPlatforms: 4,
  maxSymbols: 8,
  maxAssets: 8,
  trades: true,
  liquidationWindowMs: 30 * 60_000,
  runGapMs: 3_600_000,
  sessionLinkMs: 10 * 60_000,
  retentionMs: 90 * 86_400_000,
  sweepEveryMs: 3_600_000,
  maxAccountsPerDevice: 8,
  refWindowMs: 30 * 60_000,
  refBuckets: 30,
};

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
const SYM_LAST = 0;
const SYM_ORDERS = 1;
const SYM_FIELDS = 2;
const AS_ID = 0;
const AS_BAL = 1;
const AS_SOLD = 2;
const AS_SINCE = 3;
const AS_SEQ = 4;
const AS_LASTSELL = 5;
const AS_LASTBUY = 6;
const AS_FIELDS = 7;

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

/** What a rule needs to know about a symbol. */
export class SymbolMemory {
  readonly ref: PriceReference;
  constructor(
    readonly symbol: string,
    readonly base: string,
    readonly quote: string,
    readonly baseUnitsPerLot: number,
    readonly quoteUnitsPerTickLot: number,
    opts: AccountProfileOptions,
    /** False for a symbol seen in orders or trades before (or without) its listing: assets unknown. */
    readonly listed = true,
    /** The profile store's small integer ids of the base and quote assets. */
    readonly baseId = -1,
    readonly quoteId = -1,
  ) {
    this.ref = new PriceReference(opts.refWindowMs, opts.refBuckets);
  }
}

/** What is known about a third-party platform across all accounts: the networks its orders come from. */
export interface PlatformRecord {
  /** Networks (/24 or /48 prefixes) its orders came from (at most 16, first seen kept). */
  networks: string[];
  /** Accepted orders seen through it. */
  orders: number;
}

interface DeviceEntry {
  accounts: number[];
  /** Distinct accounts beyond the kept ids (approximate: counted once each when first seen). */
  more: number;
  last: number;
}

/** The profile store: feed it every event; read records before feeding the event being judged. */
export class AccountProfiles {
  readonly opts: AccountProfileOptions;
  private readonly accounts = new Map<number, AccountRecord>();
  private readonly symbolMap = new Map<string, SymbolMemory>();
  private readonly decimals = new Map<string, number>();
  private readonly deviceMap = new Map<string, DeviceEntry>();
  private readonly platformMap = new Map<string, PlatformRecord>();
  private readonly netCache = new Map<string, string>();
  /** Asset names by id, and ids by name (assets are few: bounded by the listings and transfers seen). */
  private readonly assetNames: string[] = [];
  private readonly assetIds = new Map<string, number>();
  /** Time of the first event seen, ms; -1 before any (how long the memory reaches back). */
  memoryStart = -1;
  private nextSweep = -1;

  constructor(opts: Partial<AccountProfileOptions> = {}) {
    this.opts = { ...DEFAULT_PROFILE_OPTIONS, ...opts };
  }

  /** Accounts currently remembered. */
  get size(): number {
    return this.accounts.size;
  }

  /** Devices currently remembered. */
  get deviceCount(): number {
    return this.deviceMap.size;
  }

  get(account: number): AccountRecord | undefined {
    return this.accounts.get(account);
  }

  symbol(symbol: string): SymbolMemory | undefined {
    return this.symbolMap.get(symbol);
  }

  /** Decimal places of an asset's smallest unit, when its listing was seen. */
  assetDecimals(asset: string): number | undefined {
    return this.decimals.get(asset);
  }

  /** Distinct accounts a device fingerprint was used on (0 when unknown). */
  accountsOnDevice(device: string): number {
    const d = this.deviceMap.get(device);
    return d === undefined ? 0 : d.accounts.length + d.more;
  }

  /** What is known about a platform (undefined before its first order). */
  platform(name: string): PlatformRecord | undefined {
    return this.platformMap.get(name);
  }

  /** Whether orders through the platform came from the network of `ip` before. */
  platformUsesNetwork(name: string, ip: string): boolean {
    const p = this.platformMap.get(name);
    return p !== undefined && p.networks.includes(this.network(ip));
  }

  /** The /24 (or /48) of an IP, from a bounded cache (no allocation when cached). */
  network(ip: string): string {
    let n = this.netCache.get(ip);
    if (n === undefined) {
      if (this.netCache.size >= 100_000) this.netCache.clear();
      n = networkOf(ip);
      this.netCache.set(ip, n);
    }
    return n;
  }

  /** Updates the profiles with one event. */
  observe(e: MarketEvent): void {
    const t = e.t;
    if (this.memoryStart < 0) {
      this.memoryStart = t;
      this.nextSweep = t + this.opts.sweepEveryMs;
    }
    if (t >= this.nextSweep) this.sweep(t);
    switch (e.type) {
      case 'trade':
        if (this.opts.trades) this.onTrade(e);
        return;
      case 'order-accepted':
        return this.onOrder(e);
      case 'login':
        return this.onLogin(e);
      case 'api-key-created':
        return this.onKeyCreated(e);
      case 'deposit': {
        const r = this.record(e.account, t);
        if (e.status === 'pending' || r.lastDepositSeq < 0 || r.lastDeposit < t - 86_400_000) {
          r.lastDeposit = t;
          r.lastDepositSeq = e.seq;
          r.lastDepositAsset = e.asset;
          r.lastDepositAmount = e.amount;
        }
        if (e.status === 'credited') this.adjust(r, e.asset, e.amount);
        return;
      }
      case 'withdrawal-request': {
        this.adjust(this.record(e.account, t), e.asset, -e.amount);
        return;
      }
      case 'withdrawal':
        if (e.status === 'rejected') this.adjust(this.record(e.account, t), e.asset, e.amount);
        return;
      case 'trade-reversed':
        if (this.opts.trades) this.onReversal(e);
        return;
      case 'account-created':
        this.record(e.account, t);
        return;
      case 'asset-listed':
        this.decimals.set(e.asset, e.decimals);
        return;
      case 'symbol-listed':
        if (!this.symbolMap.get(e.symbol)?.listed)
          this.symbolMap.set(
            e.symbol,
            new SymbolMemory(e.symbol, e.baseAsset, e.quoteAsset, e.baseUnitsPerLot, e.quoteUnitsPerTickLot, this.opts, true, this.assetId(e.baseAsset), this.assetId(e.quoteAsset)),
          );
        return;
      default:
        return;
    }
  }

  /** The record of an account, created when first seen. */
  record(account: number, t: number): AccountRecord {
    let r = this.accounts.get(account);
    if (r === undefined) {
      r = new AccountRecord(account, t, this.assetNames);
      this.accounts.set(account, r);
    } else r.touched = t;
    return r;
  }

  private onLogin(e: EventOf<'login'>): void {
    const r = this.record(e.account, e.t);
    const hadHistory = r.actions > 0;
    const ipNew = r.ip(e.ip) === undefined && !r.knowsNetwork(e.ip);
    const devNew = e.device !== null && r.device(e.device) === undefined;
    r.lastLoginNew = hadHistory && ipNew && (devNew || e.device === null);
    r.lastLogin = e.t;
    r.lastLoginSeq = e.seq;
    r.lastLoginIp = e.ip;
    r.lastLoginDevice = e.device;
    this.act(r, e.t, e.channel, e.ip, e.device);
  }

  private onKeyCreated(e: EventOf<'api-key-created'>): void {
    const r = this.record(e.account, e.t);
    let k = r.key(e.key);
    if (k === undefined) k = this.addKey(r, e.key);
    k.createdAt = e.t;
    k.createdSeq = e.seq;
    k.platform = e.platform;
    if (r.lastLogin >= 0 && e.t - r.lastLogin <= this.opts.sessionLinkMs) {
      k.createdIp = r.lastLoginIp;
      k.createdDevice = r.lastLoginDevice;
      k.createdFromNewSource = r.lastLoginNew;
    }
  }

  private onOrder(e: EventOf<'order-accepted'>): void {
    const t = e.t;
    const r = this.record(e.account, t);
    r.lastOrder = t;
    if (e.key !== null) {
      let k = r.key(e.key);
      if (k === undefined) {
        k = this.addKey(r, e.key);
        k.platform = e.platform;
      }
      if (k.firstUsed < 0) k.firstUsed = t;
      if (k.lastUsed < 0 || t - k.lastUsed > this.opts.runGapMs) {
        k.runStart = t;
        k.runGap = k.lastUsed >= 0 ? t - k.lastUsed : k.createdAt >= 0 ? t - k.createdAt : -1;
        k.runUsesBefore = k.uses;
      }
      k.lastUsed = t;
      k.uses++;
    }
    if (e.platform !== null) {
      if (!r.platforms.includes(e.platform)) {
        if (r.platforms.length >= this.opts.maxPlatforms) r.platforms.shift();
        r.platforms.push(e.platform);
      }
      let pr = this.platformMap.get(e.platform);
      if (pr === undefined) {
        pr = { networks: [], orders: 0 };
        this.platformMap.set(e.platform, pr);
      }
      pr.orders++;
      const net = this.network(e.ip);
      if (pr.networks.length < 16 && !pr.networks.includes(net)) pr.networks.push(net);
    }
    const i = this.symbolSlot(r, this.symbolMemory(e.symbol), t);
    r.symD![SYM_ORDERS * this.opts.maxSymbols + i]! += 1;
    this.act(r, t, e.channel, e.ip, e.device);
  }

  private onTrade(e: EventOf<'trade'>): void {
    const t = e.t;
    const sm = this.symbolMap.get(e.symbol);
    const buyAggr = e.aggressor === 'buy';
    const buyer = this.record(buyAggr ? e.takerAccount : e.makerAccount, t);
    const seller = buyAggr ? this.record(e.makerAccount, t) : this.record(e.takerAccount, t);
    buyer.lastTrade = t;
    this.active(buyer, t);
    seller.lastTrade = t;
    this.active(seller, t);
    if (sm === undefined || !sm.listed) return;
    sm.ref.add(t, e.price);
    const A = this.opts.maxAssets;
    const baseAmount = e.qty * sm.baseUnitsPerLot;
    // Buyer: base in (less its fee, paid in base), quote out (never below zero: a lower bound).
    let j = this.assetIndex(buyer, sm.baseId);
    const bd = buyer.assetD!;
    bd[AS_BAL * A + j]! += baseAmount - (buyAggr ? e.takerFee : e.makerFee);
    bd[AS_LASTBUY * A + j] = t;
    j = this.assetIndex(buyer, sm.quoteId);
    bd[AS_BAL * A + j] = Math.max(0, bd[AS_BAL * A + j]! - e.quoteQty);
    // Seller: base out (a lower bound: never below zero), quote in (less its fee).
    j = this.assetIndex(seller, sm.baseId);
    const sd = seller.assetD!;
    sd[AS_BAL * A + j] = Math.max(0, sd[AS_BAL * A + j]! - baseAmount);
    if (sd[AS_SOLD * A + j]! === 0 || t - sd[AS_SINCE * A + j]! > this.opts.liquidationWindowMs) {
      sd[AS_SOLD * A + j] = 0;
      sd[AS_SINCE * A + j] = t;
      sd[AS_SEQ * A + j] = e.seq;
    }
    sd[AS_SOLD * A + j]! += baseAmount;
    sd[AS_LASTSELL * A + j] = t;
    j = this.assetIndex(seller, sm.quoteId);
    sd[AS_BAL * A + j]! += e.quoteQty - (buyAggr ? e.makerFee : e.takerFee);
  }

  private onReversal(e: EventOf<'trade-reversed'>): void {
    const sm = this.symbolMap.get(e.symbol);
    if (sm === undefined || !sm.listed) return;
    const b = this.record(e.buyer, e.t);
    const s = this.record(e.seller, e.t);
    this.adjust(s, sm.base, e.baseReturned);
    this.adjust(b, sm.base, -e.baseReturned - e.baseUnrecovered);
    this.adjust(b, sm.quote, e.quoteReturned);
    this.adjust(s, sm.quote, -e.quoteReturned - e.quoteUnrecovered);
  }

  /** Adds to a rebuilt balance (clamped at zero). */
  private adjust(r: AccountRecord, asset: string, amount: number): void {
    const k = AS_BAL * this.opts.maxAssets + this.assetIndex(r, this.assetId(asset));
    r.assetD![k] = Math.max(0, r.assetD![k]! + amount);
  }

  /** An order or a login: a human- or program-initiated action from a source. */
  private act(r: AccountRecord, t: number, channel: RecordedChannel, ip: string, device: string | null): void {
    this.active(r, t);
    r.actions++;
    r.channels |= CHANNEL_BIT[channel];
    this.remember(r.ips, ip, t, this.opts.maxIps);
    if (device !== null) {
      if (this.remember(r.devices, device, t, this.opts.maxDevices)) this.linkDevice(device, r.account, t);
      else {
        const d = this.deviceMap.get(device);
        if (d !== undefined) d.last = t;
      }
    }
  }

  private active(r: AccountRecord, t: number): void {
    if (r.lastActive < 0 || t - r.lastActive > this.opts.runGapMs) {
      r.runStart = t;
      r.runGap = r.lastActive >= 0 ? t - r.lastActive : -1;
      r.runActionsBefore = r.actions;
    }
    r.lastActive = t;
  }

  /** Counts a sighting; returns true when the value is new to the list. */
  private remember(list: SourceRecord[], value: string, t: number, cap: number): boolean {
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

  private linkDevice(device: string, account: number, t: number): void {
    let d = this.deviceMap.get(device);
    if (d === undefined) {
      d = { accounts: [], more: 0, last: t };
      this.deviceMap.set(device, d);
    }
    d.last = t;
    if (d.accounts.includes(account)) return;
    if (d.accounts.length < this.opts.maxAccountsPerDevice) d.accounts.push(account);
    else d.more++;
  }

  private addKey(r: AccountRecord, key: number): KeyRecord {
    if (r.keys.length >= this.opts.maxKeys) {
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

  /** The small integer id of an asset name. */
  private assetId(asset: string): number {
    let id = this.assetIds.get(asset);
    if (id === undefined) {
      id = this.assetNames.length;
      this.assetNames.push(asset);
      this.assetIds.set(asset, id);
    }
    return id;
  }

  /** The memory of a symbol; a symbol seen before its listing gets a placeholder (assets unknown). */
  private symbolMemory(symbol: string): SymbolMemory {
    let sm = this.symbolMap.get(symbol);
    if (sm === undefined) {
      sm = new SymbolMemory(symbol, '', '', 1, 1, this.opts, false);
      this.symbolMap.set(symbol, sm);
    }
    return sm;
  }

  /** The slot of a symbol in an account's list (added, evicting the least recently used, when new); marks it used. */
  private symbolSlot(r: AccountRecord, sm: SymbolMemory, t: number): number {
    const S = this.opts.maxSymbols;
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
  private assetIndex(r: AccountRecord, id: number): number {
    const A = this.opts.maxAssets;
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

  /** Forgets accounts and devices untouched for retentionMs. */
  private sweep(t: number): void {
    this.nextSweep = t + this.opts.sweepEveryMs;
    const horizon = t - this.opts.retentionMs;
    if (horizon <= this.memoryStart) return;
    for (const [id, r] of this.accounts) if (r.touched < horizon) this.accounts.delete(id);
    for (const [id, d] of this.deviceMap) if (d.last < horizon) this.deviceMap.delete(id);
  }
}

function findSource(list: SourceRecord[], value: string): SourceRecord | undefined {
  for (let i = 0; i < list.length; i++) if (list[i]!.value === value) return list[i];
  return undefined;
}

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
 *
 * This file is the store: which event updates what, and the cross-account
 * registries. The per-account record and how its bounded lists evict are in
 * account-record.ts, the per-symbol memory in symbol-memory.ts, the options
 * and their defaults in account-profile-options.ts.
 */
import type { MarketEvent, EventOf, RecordedChannel } from '../core/index.js';
import { networkOf } from './network.js';
import { type AccountProfileOptions, DEFAULT_PROFILE_OPTIONS } from './account-profile-options.js';
import { AccountRecord, addKey, AS_BAL, AS_LASTBUY, AS_LASTSELL, AS_SEQ, AS_SINCE, AS_SOLD, assetIndex, CHANNEL_BIT, rememberSource, SYM_ORDERS, symbolSlot } from './account-record.js';
import { SymbolMemory } from './symbol-memory.js';

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
    if (k === undefined) k = addKey(r, e.key, this.opts.maxKeys);
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
        k = addKey(r, e.key, this.opts.maxKeys);
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
    const i = symbolSlot(r, this.symbolMemory(e.symbol), t, this.opts.maxSymbols);
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
    let j = assetIndex(buyer, sm.baseId, A);
    const bd = buyer.assetD!;
    bd[AS_BAL * A + j]! += baseAmount - (buyAggr ? e.takerFee : e.makerFee);
    bd[AS_LASTBUY * A + j] = t;
    j = assetIndex(buyer, sm.quoteId, A);
    bd[AS_BAL * A + j] = Math.max(0, bd[AS_BAL * A + j]! - e.quoteQty);
    // Seller: base out (a lower bound: never below zero), quote in (less its fee).
    j = assetIndex(seller, sm.baseId, A);
    const sd = seller.assetD!;
    sd[AS_BAL * A + j] = Math.max(0, sd[AS_BAL * A + j]! - baseAmount);
    if (sd[AS_SOLD * A + j]! === 0 || t - sd[AS_SINCE * A + j]! > this.opts.liquidationWindowMs) {
      sd[AS_SOLD * A + j] = 0;
      sd[AS_SINCE * A + j] = t;
      sd[AS_SEQ * A + j] = e.seq;
    }
    sd[AS_SOLD * A + j]! += baseAmount;
    sd[AS_LASTSELL * A + j] = t;
    j = assetIndex(seller, sm.quoteId, A);
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
    const k = AS_BAL * this.opts.maxAssets + assetIndex(r, this.assetId(asset), this.opts.maxAssets);
    r.assetD![k] = Math.max(0, r.assetD![k]! + amount);
  }

  /** An order or a login: a human- or program-initiated action from a source. */
  private act(r: AccountRecord, t: number, channel: RecordedChannel, ip: string, device: string | null): void {
    this.active(r, t);
    r.actions++;
    r.channels |= CHANNEL_BIT[channel];
    rememberSource(r.ips, ip, t, this.opts.maxIps);
    if (device !== null) {
      if (rememberSource(r.devices, device, t, this.opts.maxDevices)) this.linkDevice(device, r.account, t);
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

  /** Forgets accounts and devices untouched for retentionMs. */
  private sweep(t: number): void {
    this.nextSweep = t + this.opts.sweepEveryMs;
    const horizon = t - this.opts.retentionMs;
    if (horizon <= this.memoryStart) return;
    for (const [id, r] of this.accounts) if (r.touched < horizon) this.accounts.delete(id);
    for (const [id, d] of this.deviceMap) if (d.last < horizon) this.deviceMap.delete(id);
  }
}

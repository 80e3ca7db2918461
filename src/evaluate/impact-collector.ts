/**
 * What a response policy's impact is measured from, gathered while the event
 * stream goes by: completed and rejected withdrawals per account, each
 * account's trade flows from the story start on (and what reversals gave
 * back), restriction periods per account, key and symbol, and minute prices
 * for valuing coins. Streaming and bounded: per-account and per-minute
 * aggregates, no event kept. The truth is applied afterwards (impact.ts).
 */
import type { MarketEvent } from '../core/index.js';

/** Asset units per account: account -> asset -> units. */
export type Flows = Map<number, Map<string, number>>;

export interface SymbolFactors {
  base: string;
  quote: string;
  quoteUnitsPerTickLot: number;
  baseUnitsPerLot: number;
}

/** Closed and open periods of one restricted subject. */
export interface Periods {
  /** Total ms of closed periods. */
  ms: number;
  /** Start of the open period, or null. */
  openSince: number | null;
  /** How many times it was set. */
  sets: number;
}

const ACCOUNT_KINDS = new Set(['withdrawal-only', 'withdrawals-suspended', 'frozen']);

export class ImpactCollector {
  readonly symbols = new Map<string, SymbolFactors>();
  readonly decimals = new Map<string, number>();
  /** Completed withdrawals. */
  readonly withdrawn: Flows = new Map();
  /** Withdrawal requests rejected because the account was restricted, per account (a retry counts again). */
  readonly rejectedByRestriction = new Map<number, number>();
  /** Net trade flows (received - given, fees out) from `from` on. */
  readonly traded: Flows = new Map();
  /** Net flows of reversals (what came back minus what was taken back). */
  readonly reversedFlows: Flows = new Map();
  /** Per account: time under any account restriction (withdrawal-only, withdrawals-suspended, frozen). */
  readonly accountPeriods = new Map<number, Periods>();
  /** Per account: time under each kind (union within an account is in accountPeriods). */
  private readonly activeKinds = new Map<number, Set<string>>();
  /** Per key: time revoked; keyOwner maps key to account. */
  readonly keyPeriods = new Map<number, Periods>();
  readonly keyOwner = new Map<number, number>();
  /** Per symbol: time halted. */
  readonly haltPeriods = new Map<string, Periods>();
  readonly reversals = { trades: 0, baseReturned: 0, baseUnrecovered: 0, quoteReturned: 0, quoteUnrecovered: 0 };
  /** symbol -> minute -> last price in that minute (ticks). */
  private readonly minutePrice = new Map<string, Map<number, number>>();
  endTime = 0;

  /** @param from - trade flows count from this sim time on (the story start: warm-up trading is not the episode's). */
  constructor(readonly from = 0) {}

  onEvent(e: MarketEvent): void {
    this.endTime = e.t;
    switch (e.type) {
      case 'asset-listed':
        this.decimals.set(e.asset, e.decimals);
        break;
      case 'symbol-listed':
        this.symbols.set(e.symbol, { base: e.baseAsset, quote: e.quoteAsset, quoteUnitsPerTickLot: e.quoteUnitsPerTickLot, baseUnitsPerLot: e.baseUnitsPerLot });
        break;
      case 'withdrawal':
        if (e.status === 'completed') add(this.withdrawn, e.account, e.asset, e.amount);
        else if (e.reason === 'withdrawals-restricted') this.rejectedByRestriction.set(e.account, (this.rejectedByRestriction.get(e.account) ?? 0) + 1);
        break;
      case 'trade':
        this.onTrade(e);
        break;
      case 'trade-reversed':
        this.onReversal(e);
        break;
      case 'restriction':
        this.onRestriction(e);
        break;
      default:
        break;
    }
  }

  /** Last trade price (ticks) of `symbol` in a minute that ended at or before `t`; null when none. */
  priceBefore(symbol: string, t: number): number | null {
    const m = this.minutePrice.get(symbol);
    if (m === undefined) return null;
    let best = -1;
    let price: number | null = null;
    const limit = Math.floor(t / 60_000) - 1;
    for (const [minute, p] of m) if (minute <= limit && minute > best) [best, price] = [minute, p];
    return price;
  }

  /** Closes open periods at the end of the run (restrictions still in force count to the end). */
  finish(endTime = this.endTime): void {
    for (const periods of [this.accountPeriods, this.keyPeriods, this.haltPeriods] as Map<unknown, Periods>[]) {
      for (const p of periods.values()) close(p, endTime);
    }
  }

  private onTrade(e: Extract<MarketEvent, { type: 'trade' }>): void {
    let prices = this.minutePrice.get(e.symbol);
    if (prices === undefined) this.minutePrice.set(e.symbol, (prices = new Map()));
    prices.set(Math.floor(e.t / 60_000), e.price);
    if (e.t < this.from) return;
    const f = this.symbols.get(e.symbol);
    if (f === undefined) return;
    const buyerIsTaker = e.aggressor === 'buy';
    const buyer = buyerIsTaker ? e.takerAccount : e.makerAccount;
    const seller = buyerIsTaker ? e.makerAccount : e.takerAccount;
    const buyerFee = buyerIsTaker ? e.takerFee : e.makerFee;
    const sellerFee = buyerIsTaker ? e.makerFee : e.takerFee;
    const base = e.qty * f.baseUnitsPerLot;
    add(this.traded, buyer, f.base, base - buyerFee);
    add(this.traded, buyer, f.quote, -e.quoteQty);
    add(this.traded, seller, f.base, -base);
    add(this.traded, seller, f.quote, e.quoteQty - sellerFee);
  }

  /**
   * The buyer gets quoteReturned back and loses the base taken back; that base
   * includes the refunded buyer fee (a few bps of the trade), which the event
   * does not split out, so the buyer's loss of base is slightly overstated.
   */
  private onReversal(e: Extract<MarketEvent, { type: 'trade-reversed' }>): void {
    const f = this.symbols.get(e.symbol);
    const r = this.reversals;
    r.trades++;
    r.baseReturned += e.baseReturned;
    r.baseUnrecovered += e.baseUnrecovered;
    r.quoteReturned += e.quoteReturned;
    r.quoteUnrecovered += e.quoteUnrecovered;
    if (f === undefined) return;
    add(this.reversedFlows, e.buyer, f.quote, e.quoteReturned);
    add(this.reversedFlows, e.buyer, f.base, -e.baseReturned);
    add(this.reversedFlows, e.seller, f.base, e.baseReturned);
    add(this.reversedFlows, e.seller, f.quote, -e.quoteReturned);
  }

  private onRestriction(e: Extract<MarketEvent, { type: 'restriction' }>): void {
    const set = e.action === 'set';
    if (ACCOUNT_KINDS.has(e.kind) && e.account !== null) {
      let kinds = this.activeKinds.get(e.account);
      if (kinds === undefined) this.activeKinds.set(e.account, (kinds = new Set()));
      const wasRestricted = kinds.size > 0;
      if (set) kinds.add(e.kind);
      else kinds.delete(e.kind);
      const p = periodsOf(this.accountPeriods, e.account);
      if (!wasRestricted && kinds.size > 0) open(p, e.t);
      else if (wasRestricted && kinds.size === 0) close(p, e.t);
    } else if (e.kind === 'key-revoked' && e.key !== null) {
      if (e.account !== null) this.keyOwner.set(e.key, e.account);
      const p = periodsOf(this.keyPeriods, e.key);
      if (set) open(p, e.t);
      else close(p, e.t);
    } else if (e.kind === 'halted' && e.symbol !== null) {
      const p = periodsOf(this.haltPeriods, e.symbol);
      if (set) open(p, e.t);
      else close(p, e.t);
    }
  }
}

function add(flows: Flows, account: number, asset: string, units: number): void {
  let m = flows.get(account);
  if (m === undefined) flows.set(account, (m = new Map()));
  m.set(asset, (m.get(asset) ?? 0) + units);
}

function periodsOf<K>(map: Map<K, Periods>, key: K): Periods {
  let p = map.get(key);
  if (p === undefined) map.set(key, (p = { ms: 0, openSince: null, sets: 0 }));
  return p;
}

function open(p: Periods, t: number): void {
  if (p.openSince !== null) return;
  p.openSince = t;
  p.sets++;
}

function close(p: Periods, t: number): void {
  if (p.openSince === null) return;
  p.ms += t - p.openSince;
  p.openSince = null;
}

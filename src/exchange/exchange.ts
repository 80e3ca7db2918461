import {
  type AccountId,
  type ApiKeyId,
  type AssetCode,
  type CancelReason,
  type Channel,
  type DepositId,
  type OrderId,
  type SymbolCode,
  type TradeId,
  type WithdrawalId,
  DAY,
} from '../core/index.js';
import type { OrderBook } from '../book/index.js';
import { Account } from './account.js';
import { auditLedger } from './audit.js';
import { deposit, nextDue, processDue, requestWithdrawal } from './funds.js';
import type { AssetSpec, SymbolSpec } from './market.js';
import { haltSymbol, restrictAccount, revokeKey, type AccountRestriction } from './restrictions.js';
import { reverseTrade, type ReversalOutcome } from './reversal.js';
import { amendOrder, cancelOrder } from './order-changes.js';
import type { OrderRequest, OrderResult, RequestSource } from './order-request.js';
import { placeOrder } from './trading.js';
import { type EventSink, Venue } from './venue.js';

export interface SymbolInfo extends SymbolSpec {
  quoteUnitsPerTickLot: number;
  baseUnitsPerLot: number;
  halted: boolean;
}

export interface ExchangeOptions {
  /** How long a trade stays reversible (and remembered for it). Default one day. */
  reversalWindowMs?: number;
}

export interface ApiKeyRequest {
  canTrade?: boolean;
  canWithdraw?: boolean;
  /** Third-party platform that will hold the key, or null. */
  platform?: string | null;
  /** IP allow-list; empty or absent means any address. */
  ips?: string[];
}

/**
 * The venue around the books: symbols, accounts with available and locked
 * balances, deposits and withdrawals with delays, API keys, restrictions,
 * fees and trade reversal. Every state change is an event on one stream,
 * passed to `sink` in sequence order; a refused order is an `order-rejected`
 * event, never an exception. Pure and synchronous: time moves only when the
 * caller says so (`advanceTo`).
 */
export class Exchange {
  private readonly v: Venue;

  constructor(sink: EventSink, options: ExchangeOptions = {}) {
    this.v = new Venue(sink, options.reversalWindowMs ?? DAY);
  }

  /** Current sim time in ms. */
  get now(): number {
    return this.v.now;
  }

  /** Number of events emitted so far (the next event's seq). */
  get eventCount(): number {
    return this.v.eventCount;
  }

  /**
   * Moves the clock to `t` (never backwards) and processes deposits and
   * withdrawals that have come due. Everything due at or before `t` is
   * processed at `t`'s timestamp; call `nextDue()` to stop at each due time.
   */
  advanceTo(t: number): void {
    if (!(t >= this.v.now) || !Number.isSafeInteger(t)) throw new RangeError(`time must not go backwards: ${this.v.now} -> ${t}`);
    this.v.now = t;
    // The check first: this runs on every simulation step, and almost never has anything due.
    if (this.v.dueAt <= t) processDue(this.v);
  }

  /** Earliest time a pending deposit or withdrawal falls due (Infinity when none). */
  nextDue(): number {
    return nextDue(this.v);
  }

  listAsset(spec: AssetSpec): void {
    if (this.v.assetIndex.has(spec.code)) throw new Error(`asset ${spec.code} is already listed`);
    this.v.addAsset(spec);
    this.v.emit({
      seq: this.v.nextSeq(),
      t: this.v.now,
      type: 'asset-listed',
      asset: spec.code,
      decimals: spec.decimals,
      confirmationMs: spec.confirmationMs,
      withdrawalDelayMs: spec.withdrawalDelayMs,
    });
  }

  /** Lists a symbol. Throws (a configuration error, not a market event) when its steps do not settle exactly. */
  listSymbol(spec: SymbolSpec): void {
    const base = this.v.assetIndex.get(spec.base);
    const quote = this.v.assetIndex.get(spec.quote);
    if (this.v.markets.has(spec.code)) throw new Error(`symbol ${spec.code} is already listed`);
    if (base === undefined || quote === undefined) throw new Error(`symbol ${spec.code}: list ${spec.base} and ${spec.quote} first`);
    const m = this.v.addMarket(spec, base, quote);
    this.v.emit({
      seq: this.v.nextSeq(),
      t: this.v.now,
      type: 'symbol-listed',
      symbol: spec.code,
      baseAsset: spec.base,
      quoteAsset: spec.quote,
      tickSize: spec.tickSize,
      lotSize: spec.lotSize,
      quoteUnitsPerTickLot: m.quoteUnitsPerTickLot,
      baseUnitsPerLot: m.baseUnitsPerLot,
      minNotional: spec.minNotional,
      makerFeeBps: spec.makerFeeBps,
      takerFeeBps: spec.takerFeeBps,
    });
  }

  openAccount(): AccountId {
    const id = this.v.accountIds.next();
    this.v.accounts[id] = new Account(id);
    this.v.emit({ seq: this.v.nextSeq(), t: this.v.now, type: 'account-created', account: id });
    return id;
  }

  /** A web or app login; its device and IP link accounts that share them. */
  login(account: AccountId, channel: Exclude<Channel, 'api'>, ip: string, device: string | null = null): void {
    if (this.v.accounts[account] === undefined) throw new Error(`unknown account ${account}`);
    this.v.emit({ seq: this.v.nextSeq(), t: this.v.now, type: 'login', account, channel, ip, device });
  }

  createApiKey(account: AccountId, request: ApiKeyRequest = {}): ApiKeyId {
    const owner = this.v.accounts[account];
    if (owner === undefined) throw new Error(`unknown account ${account}`);
    const id = this.v.keyIds.next();
    const key = {
      id,
      account,
      createdAt: this.v.now,
      canTrade: request.canTrade ?? true,
      canWithdraw: request.canWithdraw ?? false,
      platform: request.platform ?? null,
      ips: [...(request.ips ?? [])],
      revoked: false,
    };
    this.v.keys[id] = key;
    owner.keys.push(id);
    this.v.emit({
      seq: this.v.nextSeq(),
      t: this.v.now,
      type: 'api-key-created',
      account,
      key: id,
      canTrade: key.canTrade,
      canWithdraw: key.canWithdraw,
      platform: key.platform,
      ips: [...key.ips],
    });
    return id;
  }

  /** A deposit; `confirmNow` credits it at once (opening balances that predate the log). */
  deposit(account: AccountId, asset: AssetCode, amount: number, address: string, confirmNow = false): DepositId | string {
    return deposit(this.v, account, asset, amount, address, confirmNow);
  }

  requestWithdrawal(
    account: AccountId,
    asset: AssetCode,
    amount: number,
    address: string,
    source: RequestSource,
  ): WithdrawalId | string {
    return requestWithdrawal(this.v, account, asset, amount, address, source);
  }

  placeOrder(request: OrderRequest): OrderResult {
    return placeOrder(this.v, request);
  }

  /**
   * Cancels a live order. `reason` defaults to `user` (the owner asked); a
   * response policy cancelling on the exchange's behalf passes `restriction`,
   * so the log does not say the customer did it.
   */
  cancelOrder(account: AccountId, order: OrderId, reason: CancelReason = 'user'): string | null {
    return cancelOrder(this.v, account, order, reason);
  }

  amendOrder(account: AccountId, order: OrderId, price: number, qty: number): string | null {
    return amendOrder(this.v, account, order, price, qty);
  }

  restrictAccount(account: AccountId, kind: AccountRestriction, reason: string): boolean {
    return restrictAccount(this.v, account, kind, 'set', reason);
  }

  liftAccountRestriction(account: AccountId, kind: AccountRestriction, reason: string): boolean {
    return restrictAccount(this.v, account, kind, 'lifted', reason);
  }

  revokeKey(key: ApiKeyId, reason: string): boolean {
    return revokeKey(this.v, key, 'set', reason);
  }

  restoreKey(key: ApiKeyId, reason: string): boolean {
    return revokeKey(this.v, key, 'lifted', reason);
  }

  haltSymbol(symbol: SymbolCode, reason: string): boolean {
    return haltSymbol(this.v, symbol, 'set', reason);
  }

  resumeSymbol(symbol: SymbolCode, reason: string): boolean {
    return haltSymbol(this.v, symbol, 'lifted', reason);
  }

  reverseTrade(trade: TradeId): ReversalOutcome | string {
    return reverseTrade(this.v, trade);
  }

  // ---------------------------------------------------------------- queries

  /** Available and locked units of an asset (zeros for unknown accounts or assets). */
  balance(account: AccountId, asset: AssetCode): { available: number; locked: number } {
    const a = this.v.asset(asset);
    const acc = this.v.accounts[account];
    if (a === undefined || acc === undefined) return { available: 0, locked: 0 };
    return { available: acc.avail(a), locked: acc.held(a) };
  }

  /** Available units of an asset (0 for unknown accounts or assets): `balance().available` without building an object, for agents that size every order by it. */
  available(account: AccountId, asset: AssetCode): number {
    const a = this.v.asset(asset);
    const acc = this.v.accounts[account];
    return a === undefined || acc === undefined ? 0 : acc.avail(a);
  }

  /** Available plus locked units of an asset (0 for unknown accounts or assets), without building an object. */
  holding(account: AccountId, asset: AssetCode): number {
    const a = this.v.asset(asset);
    const acc = this.v.accounts[account];
    return a === undefined || acc === undefined ? 0 : acc.avail(a) + acc.held(a);
  }

  /** Fees collected in an asset. */
  feesCollected(asset: AssetCode): number {
    const a = this.v.asset(asset);
    return a === undefined ? 0 : this.v.fees[a]!;
  }

  /** The order book of a symbol (read it; trade through the exchange). */
  book(symbol: SymbolCode): OrderBook {
    const m = this.v.market(symbol);
    if (m === undefined) throw new Error(`unknown symbol ${symbol}`);
    return m.book;
  }

  /** A listed symbol's spec and integer factors (notional = price x qty x quoteUnitsPerTickLot). */
  symbolInfo(symbol: SymbolCode): SymbolInfo {
    const m = this.v.market(symbol);
    if (m === undefined) throw new Error(`unknown symbol ${symbol}`);
    return { ...m.spec, quoteUnitsPerTickLot: m.quoteUnitsPerTickLot, baseUnitsPerLot: m.baseUnitsPerLot, halted: m.halted };
  }

  /** Live order ids of an account, ascending. */
  openOrders(account: AccountId): OrderId[] {
    return this.v.live.ofAccount(account) as OrderId[];
  }

  /** Ledger invariant violations (empty when sound); see auditLedger. */
  audit(): string[] {
    return auditLedger(this.v);
  }
}

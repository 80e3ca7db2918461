import {
  type AccountId,
  type ApiKeyId,
  type AssetCode,
  IdSequence,
  type MarketEvent,
  type OrderId,
  type SymbolCode,
  type TradeId,
} from '../core/index.js';
import { Account, type ApiKey } from './account.js';
import { type AssetSpec, Market, type SymbolSpec } from './market.js';
import { LiveOrders } from './live-orders.js';
import { TradeStore } from './trade-store.js';

/** Receives every event the exchange emits, in sequence order. */
export type EventSink = (event: MarketEvent) => void;

export interface PendingDeposit {
  id: number;
  account: Account;
  asset: number;
  amount: number;
  address: string;
  due: number;
}

export interface PendingWithdrawal {
  id: number;
  account: Account;
  asset: number;
  amount: number;
  address: string;
  due: number;
}

/**
 * The exchange's state and its event stream: what every part of the exchange
 * (trading, funds, restrictions, reversals) reads and writes. It has no
 * behaviour of its own beyond emitting events with the next sequence number at
 * the current sim time.
 */
export class Venue {
  /** Current sim time (ms); set by the simulation through `Exchange.advanceTo`. */
  now = 0;
  private seq = 0;

  readonly assets: AssetSpec[] = [];
  readonly assetIndex = new Map<AssetCode, number>();
  private lastMarket: Market | null = null;
  readonly markets = new Map<SymbolCode, Market>();
  /** The same markets by `Market.index`. */
  readonly marketList: Market[] = [];
  /** Accounts by id; index 0 is unused (ids start at 1). */
  readonly accounts: (Account | undefined)[] = [undefined];
  readonly keys: (ApiKey | undefined)[] = [undefined];
  readonly live = new LiveOrders();
  /** Fees collected, per asset index. The fee ledger is not a customer account. */
  readonly fees: number[] = [];
  /** Units credited by deposits and paid out by completed withdrawals, per asset index. */
  readonly deposited: number[] = [];
  readonly withdrawn: number[] = [];
  readonly pendingDeposits: PendingDeposit[] = [];
  readonly pendingWithdrawals: PendingWithdrawal[] = [];
  /** Earliest due time among the pending deposits and withdrawals (Infinity when none). */
  dueAt = Infinity;
  readonly trades: TradeStore;

  readonly accountIds = new IdSequence<AccountId>();
  readonly keyIds = new IdSequence<ApiKeyId>();
  readonly orderIds = new IdSequence<OrderId>();
  readonly tradeIds = new IdSequence<TradeId>();
  readonly depositIds = new IdSequence<number>();
  readonly withdrawalIds = new IdSequence<number>();

  constructor(
    readonly sink: EventSink,
    reversalWindowMs: number,
  ) {
    this.trades = new TradeStore(reversalWindowMs);
  }

  /**
   * The market of a symbol, or undefined when not listed. Every order asks,
   * and consecutive orders are nearly always on the same symbol, so the last
   * one found is checked before the map.
   */
  market(symbol: SymbolCode): Market | undefined {
    const last = this.lastMarket;
    if (last !== null && last.spec.code === symbol) return last;
    const m = this.markets.get(symbol);
    if (m !== undefined) this.lastMarket = m;
    return m;
  }

  /** Index of a listed asset, or undefined. A scan while there are few (agents ask on every order), the map beyond. */
  asset(code: AssetCode): number | undefined {
    const assets = this.assets;
    if (assets.length > 8) return this.assetIndex.get(code);
    for (let i = 0; i < assets.length; i++) if (assets[i]!.code === code) return i;
    return undefined;
  }

  /** Next sequence number; every emitted event takes exactly one. */
  nextSeq(): number {
    return this.seq++;
  }

  get eventCount(): number {
    return this.seq;
  }

  emit(event: MarketEvent): void {
    this.sink(event);
  }

  addAsset(spec: AssetSpec): number {
    const index = this.assets.length;
    this.assets.push(spec);
    this.assetIndex.set(spec.code, index);
    this.fees[index] = 0;
    this.deposited[index] = 0;
    this.withdrawn[index] = 0;
    return index;
  }

  addMarket(spec: SymbolSpec, baseIndex: number, quoteIndex: number): Market {
    const market = new Market(
      spec,
      this.markets.size,
      baseIndex,
      quoteIndex,
      this.assets[baseIndex]!.decimals,
      this.assets[quoteIndex]!.decimals,
    );
    this.markets.set(spec.code, market);
    this.marketList.push(market);
    return market;
  }
}

/**
 * Shared helpers for the exchange tests: a small venue (BTC, ALT, USDT; ALT/BTC
 * and BTC/USDT) whose events are collected into an array, funded accounts,
 * request sources, and typed views of the event stream.
 *
 * Units at a glance (all integers):
 * - ALT/BTC: tick 0.00000001 BTC, lot 1 ALT, so 1 quote unit (satoshi) per
 *   tick x lot and 10^8 ALT units per lot. A price of 1000 ticks is 1000 sat per ALT.
 * - BTC/USDT: tick 0.01 USDT, lot 0.00001 BTC, so 10 USDT units per tick x lot
 *   and 1000 BTC units per lot.
 */
import type { AccountId, ApiKeyId, AssetCode, EventOf, EventType, MarketEvent, OrderId } from '../../src/core/index.js';
import {
  type ApiKeyRequest,
  type AssetSpec,
  Exchange,
  type ExchangeOptions,
  type OrderRequest,
  type OrderResult,
  type RequestSource,
  type SymbolSpec,
} from '../../src/exchange/index.js';

export const BTC = 'BTC';
export const ALT = 'ALT';
export const USDT = 'USDT';
export const ALT_BTC = 'ALT/BTC';
export const BTC_USDT = 'BTC/USDT';

export const ASSET_CODES = [BTC, ALT, USDT] as const;
export type Asset = (typeof ASSET_CODES)[number];

export const ASSETS: Record<Asset, AssetSpec> = {
  BTC: { code: BTC, decimals: 8, confirmationMs: 1_000, withdrawalDelayMs: 2_000 },
  ALT: { code: ALT, decimals: 8, confirmationMs: 500, withdrawalDelayMs: 1_500 },
  USDT: { code: USDT, decimals: 8, confirmationMs: 200, withdrawalDelayMs: 1_000 },
};

/** Longest confirmation delay: advancing this far credits every deposit made now. */
export const MAX_CONFIRMATION_MS = Math.max(...ASSET_CODES.map((a) => ASSETS[a].confirmationMs));

export const SYMBOLS: Record<typeof ALT_BTC | typeof BTC_USDT, SymbolSpec> = {
  [ALT_BTC]: {
    code: ALT_BTC,
    base: ALT,
    quote: BTC,
    tickSize: '0.00000001',
    lotSize: '1',
    minNotional: 1_000, // 0.00001 BTC
    makerFeeBps: 10,
    takerFeeBps: 10,
  },
  [BTC_USDT]: {
    code: BTC_USDT,
    base: BTC,
    quote: USDT,
    tickSize: '0.01',
    lotSize: '0.00001',
    minNotional: 100_000_000, // 1 USDT
    makerFeeBps: 0,
    takerFeeBps: 20,
  },
};

/** Integer factors of the two symbols (checked against `symbolInfo` in the tests). */
export const ALT_BTC_K = 1;
export const ALT_PER_LOT = 100_000_000;
export const BTC_USDT_K = 10;
export const BTC_PER_LOT = 1_000;

/** Whole coins to smallest units (8 decimals for every asset here). */
export const coins = (n: number): number => Math.round(n * 100_000_000);

export const WEB: RequestSource = { channel: 'web', ip: '10.0.0.1' };
export const APP: RequestSource = { channel: 'app', ip: '10.0.0.3', device: 'phone-1' };
export const apiSource = (key: ApiKeyId | null, ip = '10.0.0.2'): RequestSource => ({ channel: 'api', key, ip });

export type Funds = Partial<Record<Asset, number>>;

export interface TestExchange {
  readonly ex: Exchange;
  /** Every event the exchange emitted, in order. */
  readonly events: MarketEvent[];
  /** Opens an account, deposits `funds` and advances the clock until every deposit is credited. */
  openFunded(funds?: Funds): AccountId;
  /** Opens an account with an API key (default: trade only, any IP). */
  openWithKey(funds?: Funds, key?: ApiKeyRequest): { account: AccountId; key: ApiKeyId };
  /** Places an order from the web channel unless a source is given. */
  order(request: Omit<OrderRequest, 'source'> & { source?: RequestSource }): OrderResult;
  /** The next event's seq: pass it to `since`/`ofType` to see what an action emitted. */
  mark(): number;
  since(from: number): MarketEvent[];
  ofType<T extends EventType>(type: T, from?: number): EventOf<T>[];
  /** Available and locked units of an asset. */
  bal(account: AccountId, asset: AssetCode): { available: number; locked: number };
  /** Available + locked. */
  total(account: AccountId, asset: AssetCode): number;
}

/** A fresh exchange with the three assets and two symbols listed at t = 0. */
export function makeExchange(options: ExchangeOptions = {}): TestExchange {
  const events: MarketEvent[] = [];
  const ex = new Exchange((e) => events.push(e), options);
  for (const a of ASSET_CODES) ex.listAsset(ASSETS[a]);
  ex.listSymbol(SYMBOLS[ALT_BTC]);
  ex.listSymbol(SYMBOLS[BTC_USDT]);

  const openFunded = (funds: Funds = {}): AccountId => {
    const account = ex.openAccount();
    let any = false;
    for (const a of ASSET_CODES) {
      const amount = funds[a];
      if (amount === undefined || amount === 0) continue;
      const r = ex.deposit(account, a, amount, `addr-${account}-${a}`);
      if (typeof r === 'string') throw new Error(`deposit refused: ${r}`);
      any = true;
    }
    if (any) ex.advanceTo(ex.now + MAX_CONFIRMATION_MS);
    return account;
  };

  const since = (from: number) => events.slice(from);
  return {
    ex,
    events,
    openFunded,
    openWithKey(funds = {}, key = {}) {
      const account = openFunded(funds);
      return { account, key: ex.createApiKey(account, key) };
    },
    order(request) {
      return ex.placeOrder({ ...request, source: request.source ?? WEB });
    },
    mark: () => events.length,
    since,
    ofType<T extends EventType>(type: T, from = 0) {
      return since(from).filter((e): e is EventOf<T> => e.type === type);
    },
    bal: (account, asset) => ex.balance(account, asset),
    total(account, asset) {
      const b = ex.balance(account, asset);
      return b.available + b.locked;
    },
  };
}

/** The order id of an accepted order; throws with the reason otherwise. */
export function accepted(r: OrderResult): OrderId {
  if (!r.ok) throw new Error(`order rejected: ${r.reason}`);
  return r.order;
}

/**
 * The one event stream. Everything the exchange does is one of these events,
 * in sequence order; detectors read nothing else, so they run the same on a
 * simulated run and on imported real data.
 *
 * The zod schemas are the single source of truth: the TypeScript types are
 * inferred from them, `schema/events.schema.json` is generated from them (a test
 * keeps it current), and log readers validate against them.
 *
 * Units: prices in ticks and quantities in lots of the event's symbol (see its
 * `symbol-listed` event for tick and lot size), amounts and fees in the smallest
 * unit of the asset, time in simulated milliseconds.
 *
 * Changing an event's fields changes every golden log hash: bump
 * EVENT_SCHEMA_VERSION and say why in the commit.
 */
import { z } from 'zod';

/** Version of the event format written in every log header. */
export const EVENT_SCHEMA_VERSION = 2;

const int = () => z.number().int();
const count = () => z.number().int().nonnegative();
const id = () => z.number().int().positive();
/**
 * An account id, or 0 when the source does not say whose it was: imported real
 * data has anonymous trades and orders (the log header's capabilities then leave
 * out `accounts`, so rules that need accounts say not applicable).
 */
const accountId = () => z.number().int().nonnegative();

export const sideSchema = z.enum(['buy', 'sell']);
export type Side = z.infer<typeof sideSchema>;

/** How an order or a withdrawal reached the exchange. */
export const channelSchema = z.enum(['web', 'app', 'api']);
export type Channel = z.infer<typeof channelSchema>;
/**
 * The channel as an event records it: one of the exchange's channels, or
 * `unknown` in imported real data, which does not say how an order arrived.
 */
export const recordedChannelSchema = z.enum([...channelSchema.options, 'unknown']);
export type RecordedChannel = z.infer<typeof recordedChannelSchema>;

/**
 * Where a request came from: the fields a real surveillance system sees and the
 * ones that separate a stolen-key attack from honest trading.
 */
const source = {
  channel: recordedChannelSchema,
  /** API key used, or null for web/app sessions. */
  key: id().nullable(),
  /** Third-party platform that holds the key (e.g. a trading-bot service), if any. */
  platform: z.string().nullable(),
  /** Client IP address as the exchange saw it. */
  ip: z.string(),
  /** Device or session fingerprint; shared devices link accounts. */
  device: z.string().nullable(),
};

export const orderKindSchema = z.enum(['limit', 'market']);
export const timeInForceSchema = z.enum(['gtc', 'ioc', 'fok']);
/** Self-trade prevention: what happens when an order would match its own account. */
export const stpModeSchema = z.enum(['none', 'cancel-newest', 'cancel-oldest', 'cancel-both']);
export type StpMode = z.infer<typeof stpModeSchema>;

const base = <T extends string>(type: T) => ({
  /** Position in the stream, from 0, without gaps. */
  seq: count(),
  /** Simulated milliseconds since the scenario started. */
  t: count(),
  type: z.literal(type),
});

export const assetListedEvent = z
  .object({
    ...base('asset-listed'),
    asset: z.string(),
    /** Decimal places of the smallest unit (8 for BTC: 1 unit = 0.00000001). */
    decimals: count(),
    /** Time between a deposit arriving and its credit. */
    confirmationMs: count(),
    /** Time between a withdrawal request and its processing. */
    withdrawalDelayMs: count(),
  })
  .strict();

export const symbolListedEvent = z
  .object({
    ...base('symbol-listed'),
    symbol: z.string(),
    baseAsset: z.string(),
    quoteAsset: z.string(),
    /** Price step, quote per one whole base coin, as an exact decimal string. */
    tickSize: z.string(),
    /** Quantity step, base coin, as an exact decimal string. */
    lotSize: z.string(),
    /** Quote units that one tick times one lot is worth. */
    quoteUnitsPerTickLot: id(),
    /** Base units in one lot. */
    baseUnitsPerLot: id(),
    minNotional: count(),
    makerFeeBps: count(),
    takerFeeBps: count(),
  })
  .strict();

export const accountCreatedEvent = z.object({ ...base('account-created'), account: id() }).strict();

export const loginEvent = z
  .object({
    ...base('login'),
    account: id(),
    channel: channelSchema,
    ip: z.string(),
    device: z.string().nullable(),
  })
  .strict();

export const apiKeyCreatedEvent = z
  .object({
    ...base('api-key-created'),
    account: id(),
    key: id(),
    canTrade: z.boolean(),
    canWithdraw: z.boolean(),
    platform: z.string().nullable(),
    /** IP allow-list; empty means any address. */
    ips: z.array(z.string()),
  })
  .strict();

export const depositEvent = z
  .object({
    ...base('deposit'),
    deposit: id(),
    account: id(),
    asset: z.string(),
    amount: id(),
    /** Source address on the chain; shared addresses link accounts. */
    address: z.string(),
    /** `pending` when seen on chain, `credited` when it becomes available. */
    status: z.enum(['pending', 'credited']),
  })
  .strict();

export const withdrawalRequestEvent = z
  .object({
    ...base('withdrawal-request'),
    withdrawal: id(),
    account: id(),
    asset: z.string(),
    amount: id(),
    address: z.string(),
    ...source,
  })
  .strict();

export const withdrawalEvent = z
  .object({
    ...base('withdrawal'),
    withdrawal: id(),
    account: id(),
    asset: z.string(),
    amount: id(),
    address: z.string(),
    status: z.enum(['completed', 'rejected']),
    /** Why it was rejected; null when completed. */
    reason: z.string().nullable(),
  })
  .strict();

const orderFields = {
  account: accountId(),
  symbol: z.string(),
  side: sideSchema,
  kind: orderKindSchema,
  tif: timeInForceSchema,
  postOnly: z.boolean(),
  /** Limit price, or a market order's protection price; null for a plain market order. */
  price: id().nullable(),
  /** Quantity in lots; null for a market buy sized in quote. */
  qty: id().nullable(),
  /** Quote amount (units) of a market buy sized in quote; otherwise null. */
  quoteQty: id().nullable(),
  stp: stpModeSchema,
  clientOrderId: z.string().nullable(),
  ...source,
};

export const orderAcceptedEvent = z.object({ ...base('order-accepted'), order: id(), ...orderFields }).strict();

export const orderRejectedEvent = z
  .object({ ...base('order-rejected'), ...orderFields, reason: z.string() })
  .strict();

export const orderAmendedEvent = z
  .object({
    ...base('order-amended'),
    order: id(),
    account: accountId(),
    symbol: z.string(),
    price: id(),
    /** New remaining quantity in lots. */
    qty: id(),
    /** True when only the quantity went down, so the order kept its place in the queue. */
    keptPriority: z.boolean(),
  })
  .strict();

export const cancelReasonSchema = z.enum([
  /** the owner asked */
  'user',
  /** IOC or market remainder that found no more liquidity, or a market buy whose budget ran out */
  'unfilled',
  /** fill-or-kill that could not fill entirely */
  'fok',
  /** self-trade prevention */
  'self-trade',
  /** an account, key or symbol restriction cancelled open orders */
  'restriction',
]);
export type CancelReason = z.infer<typeof cancelReasonSchema>;

export const cancelEvent = z
  .object({
    ...base('cancel'),
    order: id(),
    account: accountId(),
    symbol: z.string(),
    side: sideSchema,
    price: id().nullable(),
    /** Lots removed from the book (or never placed, for IOC/market remainders). */
    qty: count(),
    reason: cancelReasonSchema,
  })
  .strict();

export const tradeEvent = z
  .object({
    ...base('trade'),
    trade: id(),
    symbol: z.string(),
    price: id(),
    qty: id(),
    /** Quote units that changed hands (price x qty x quoteUnitsPerTickLot). */
    quoteQty: id(),
    /** Side of the taker (the order that arrived and crossed). */
    aggressor: sideSchema,
    makerAccount: accountId(),
    makerOrder: id(),
    takerAccount: accountId(),
    takerOrder: id(),
    /** Fees in the asset each side received: base for the buyer, quote for the seller. */
    makerFee: count(),
    takerFee: count(),
  })
  .strict();

export const tradeReversedEvent = z
  .object({
    ...base('trade-reversed'),
    trade: id(),
    symbol: z.string(),
    buyer: id(),
    seller: id(),
    /** Base units returned to the seller, and what could not be taken back from the buyer. */
    baseReturned: count(),
    baseUnrecovered: count(),
    /** Quote units returned to the buyer, and what could not be taken back from the seller. */
    quoteReturned: count(),
    quoteUnrecovered: count(),
  })
  .strict();

export const restrictionKindSchema = z.enum([
  /** the account may withdraw but not trade (the exchanges' own term for it) */
  'withdrawal-only',
  /** the account may trade but its withdrawals are held and rejected */
  'withdrawals-suspended',
  /** neither trading nor withdrawals */
  'frozen',
  /** the API key can no longer be used */
  'key-revoked',
  /** no trading on the symbol */
  'halted',
]);
export type RestrictionKind = z.infer<typeof restrictionKindSchema>;

export const restrictionEvent = z
  .object({
    ...base('restriction'),
    kind: restrictionKindSchema,
    action: z.enum(['set', 'lifted']),
    /**
     * What is restricted: `account` for account kinds; `key` and its owner's
     * `account` for key-revoked; `symbol` for halted. The others are null.
     */
    account: id().nullable(),
    key: id().nullable(),
    symbol: z.string().nullable(),
    reason: z.string(),
  })
  .strict();

export const eventSchema = z.discriminatedUnion('type', [
  assetListedEvent,
  symbolListedEvent,
  accountCreatedEvent,
  loginEvent,
  apiKeyCreatedEvent,
  depositEvent,
  withdrawalRequestEvent,
  withdrawalEvent,
  orderAcceptedEvent,
  orderRejectedEvent,
  orderAmendedEvent,
  cancelEvent,
  tradeEvent,
  tradeReversedEvent,
  restrictionEvent,
]);

export type MarketEvent = z.infer<typeof eventSchema>;
export type EventType = MarketEvent['type'];
/** The event of one type, e.g. `EventOf<'trade'>`. */
export type EventOf<T extends EventType> = Extract<MarketEvent, { type: T }>;
/** An event before the stream gave it a sequence number. */
export type Unsequenced<E extends MarketEvent = MarketEvent> = E extends unknown ? Omit<E, 'seq'> : never;
export type OrderSource = Pick<EventOf<'order-accepted'>, 'channel' | 'key' | 'platform' | 'ip' | 'device'>;

export const EVENT_TYPES = eventSchema.options.map((o) => o.shape.type.value) as readonly EventType[];

/** JSON Schema (draft 2020-12) of one line of an event log. */
export function eventJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(eventSchema),
    $id: `https://surveil.dev/schema/events.v${EVENT_SCHEMA_VERSION}.json`,
    title: `surveil event, schema version ${EVENT_SCHEMA_VERSION}`,
  };
}

/**
 * Shared helpers for the io tests: hand-built valid events of several types,
 * a per-test temp directory, and small file utilities.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { EventOf, MarketEvent, Unsequenced } from '../../src/core/index.js';
import type { EventLogReader } from '../../src/io/index.js';

/** A fresh directory under os.tmpdir() for each test, removed afterwards. */
export function useTempDir(): { readonly path: string } {
  const dir = { path: '' };
  beforeEach(async () => {
    dir.path = await mkdtemp(join(tmpdir(), 'surveil-io-'));
  });
  afterEach(async () => {
    await rm(dir.path, { recursive: true, force: true });
  });
  return dir;
}

const source = { channel: 'api', key: 3, platform: 'Bøt-平台', ip: '203.0.113.7', device: null } as const;

/** One valid event of each of several types, keyed by type, with seq/t left to the caller. */
export const templates = {
  assetListed: { t: 0, type: 'asset-listed', asset: 'BTC', decimals: 8, confirmationMs: 600_000, withdrawalDelayMs: 60_000 },
  symbolListed: {
    t: 0,
    type: 'symbol-listed',
    symbol: 'ALT/BTC',
    baseAsset: 'ALT',
    quoteAsset: 'BTC',
    tickSize: '0.00000001',
    lotSize: '1',
    quoteUnitsPerTickLot: 1,
    baseUnitsPerLot: 100_000_000,
    minNotional: 10_000,
    makerFeeBps: 10,
    takerFeeBps: 20,
  },
  accountCreated: { t: 0, type: 'account-created', account: 1 },
  apiKeyCreated: {
    t: 0,
    type: 'api-key-created',
    account: 1,
    key: 3,
    canTrade: true,
    canWithdraw: false,
    platform: 'Bøt-平台',
    ips: ['203.0.113.7'],
  },
  deposit: { t: 0, type: 'deposit', deposit: 1, account: 1, asset: 'BTC', amount: 5_000_000, address: 'bc1qxyz', status: 'credited' },
  orderAccepted: {
    t: 0,
    type: 'order-accepted',
    order: 1,
    account: 1,
    symbol: 'ALT/BTC',
    side: 'buy',
    kind: 'limit',
    tif: 'gtc',
    postOnly: false,
    price: 1234,
    qty: 10,
    quoteQty: null,
    stp: 'none',
    clientOrderId: null,
    ...source,
  },
  trade: {
    t: 0,
    type: 'trade',
    trade: 1,
    symbol: 'ALT/BTC',
    price: 1234,
    qty: 10,
    quoteQty: 12_340,
    aggressor: 'buy',
    makerAccount: 2,
    makerOrder: 7,
    takerAccount: 1,
    takerOrder: 8,
    makerFee: 12,
    takerFee: 2_000_000,
  },
  cancel: { t: 0, type: 'cancel', order: 7, account: 2, symbol: 'ALT/BTC', side: 'sell', price: 1300, qty: 5, reason: 'user' },
  restriction: {
    t: 0,
    type: 'restriction',
    kind: 'key-revoked',
    action: 'set',
    account: null,
    key: 3,
    symbol: null,
    reason: 'alert: "burst" — 12 accounts',
  },
  withdrawalRequest: {
    t: 0,
    type: 'withdrawal-request',
    withdrawal: 1,
    account: 1,
    asset: 'BTC',
    amount: 1_000_000,
    address: 'bc1qabc',
    ...source,
  },
} satisfies Record<string, Unsequenced>;

const cycle: readonly Unsequenced[] = Object.values(templates);

/**
 * `n` valid events cycling through the templates, numbered 0..n-1, with
 * non-decreasing times and varying numbers, so no two lines are alike.
 * Deterministic: same n, same events.
 */
export function makeEvents(n: number): MarketEvent[] {
  const events: MarketEvent[] = [];
  let t = 0;
  for (let seq = 0; seq < n; seq += 1) {
    const template = cycle[seq % cycle.length] as Unsequenced;
    t += (seq * 7919) % 5; // sometimes equal times, never decreasing
    events.push(vary({ seq, ...template, t } as MarketEvent, seq));
  }
  return events;
}

function vary(event: MarketEvent, i: number): MarketEvent {
  if (event.type === 'trade') return { ...event, trade: i + 1, price: 1000 + (i % 97), qty: 1 + (i % 13) };
  if (event.type === 'order-accepted') return { ...event, order: i + 1, price: 900 + (i % 211) };
  if (event.type === 'account-created') return { ...event, account: i + 1 };
  return event;
}

/** A small trade event with the given seq and t. */
export function trade(seq: number, t: number, overrides: Partial<EventOf<'trade'>> = {}): EventOf<'trade'> {
  return { seq, ...templates.trade, t, ...overrides } as EventOf<'trade'>;
}

/** Write raw lines (each followed by `\n`) to a file. */
export async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  await writeFile(path, lines.map((l) => `${l}\n`).join(''));
}

/** A valid header line for hand-made files. */
export const HEADER_LINE = JSON.stringify({ format: 'surveil-events', version: 2 });

/** Read every event of a log into an array. */
export async function collect(reader: EventLogReader): Promise<MarketEvent[]> {
  const out: MarketEvent[] = [];
  for await (const event of reader) out.push(event);
  return out;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

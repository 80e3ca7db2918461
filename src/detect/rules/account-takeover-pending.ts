/**
 * The order account-takeover is judging: what the account's past said about
 * it when it was accepted (the access and behaviour indicators) and what its
 * fills added since. One slot, reused for every order (fills of one order are
 * contiguous in the stream), so judging allocates nothing.
 */
import type { RecordedChannel } from '../../core/index.js';

/** What the order's API key was to the account: no key, never seen, seen but unused until this run of use, in use. */
export const KEY_NONE = 0;
export const KEY_UNSEEN = 1;
export const KEY_NEVER_USED = 2;
export const KEY_USED = 3;
/** Liquidated holdings kept per order (for the score's count and the explanation). */
export const MAX_LIQ = 4;

/** The order being judged (one at a time; reused, so nothing is allocated per order). */
export class Pending {
  active = false;
  order = 0;
  account = 0;
  symbol = '';
  side: 'buy' | 'sell' = 'buy';
  t = 0;
  seq = 0;
  channel: RecordedChannel = 'web';
  ip = '';
  kind: 'limit' | 'market' = 'limit';
  byQuote = false;
  limitPrice = 0;
  spend = 0;
  spendShare = 0;
  quoteAsset = '';
  baseAsset = '';
  ref = 0;
  lastPrice = 0;
  // access
  keyState = KEY_NONE;
  key = 0;
  keyAge = 0;
  keyGap = 0;
  keyUses = 0;
  keyTypical = 0;
  keySeq = -1;
  memorySpan = 0;
  a1 = 0;
  baseline = 0;
  ipState = 0;
  deviceState = 0;
  device: string | null = null;
  platformNew = false;
  platform: string | null = null;
  channelNew = false;
  explained = false;
  a2 = 0;
  provNewSource = false;
  provSharedAccounts = 0;
  provDevice: string | null = null;
  provIp: string | null = null;
  provIpOnce = false;
  orderDeviceShared = 0;
  provSeq = -1;
  a3 = 0;
  accountGap = 0;
  accountTypical = 0;
  accountWokeAgo = 0;
  wokeAgo = 0;
  a4 = 0;
  // behaviour
  liqCount = 0;
  readonly liqAsset: string[] = new Array<string>(MAX_LIQ).fill('');
  readonly liqFrac = new Float64Array(MAX_LIQ);
  readonly liqSeq = new Float64Array(MAX_LIQ);
  liqSince = 0;
  liqShown = false;
  b1 = 0;
  newSymbol = false;
  otherSymbols = 0;
  b2 = 0;
  limitStrength = 0;
  // fills
  fills = 0;
  fillQuote = 0;
  maxPrice = 0;
  minPrice = 0;
  firstFillSeq = -1;
  lastFillSeq = -1;
  lastFillT = 0;
  makers = 0;
  readonly makerIds = new Float64Array(16);
  depositAgo = -1;
  depositAmount = 0;
  depositSeq = -1;
}

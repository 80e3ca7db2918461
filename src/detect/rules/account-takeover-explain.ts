/**
 * What an account-takeover alert shows: its evidence (sequence numbers of the
 * events behind each indicator that fired) and its explanation. Kept apart
 * from the scoring in account-takeover.ts: it only reads the judged order.
 */
import type { AccountProfiles } from '../account-profile.js';
import { formatAssetAmount, formatDuration, formatPct } from '../explain.js';
import type { AccountTakeoverParams } from './account-takeover-params.js';
import { KEY_NEVER_USED, KEY_UNSEEN, KEY_USED, type Pending } from './account-takeover-pending.js';

/** Sequence numbers behind an alert: the key's creation, its session, the liquidation sells, the deposit, the order and its fills. */
export function takeoverEvidence(p: Pending, prm: AccountTakeoverParams): number[] {
  const ev: number[] = [];
  const add = (s: number) => {
    if (s >= 0 && ev.length < prm.maxEvidence && !ev.includes(s)) ev.push(s);
  };
  if (p.keyState === KEY_NEVER_USED || p.a1 > 0) add(p.keySeq);
  if (p.a3 > 0) add(p.provSeq);
  if (p.liqShown) for (let i = 0; i < p.liqCount; i++) add(p.liqSeq[i]!);
  add(p.depositSeq);
  add(p.seq);
  add(p.firstFillSeq);
  add(p.lastFillSeq);
  return ev.sort((a, b) => a - b);
}

/** The alert's sentence: every indicator that fired, in words, with its numbers. */
export function takeoverExplanation(
  p: Pending,
  prm: AccountTakeoverParams,
  profiles: AccountProfiles,
  score: number,
  access: number,
  behaviour: number,
  b3: number,
  fillPrem: number,
): string {
  const parts: string[] = [];
  const keyName = `API key ${p.key}`;
  const woke = (ago: number) => (ago > 0 ? ` ${formatDuration(ago)} ago` : '');
  if (p.keyState === KEY_NEVER_USED && p.a1 > 0) parts.push(`${keyName} first used${woke(p.wokeAgo) || ' now'}, ${formatDuration(p.keyAge)} after its creation`);
  else if (p.keyState === KEY_UNSEEN && p.a1 > 0) parts.push(`${keyName} never seen in ${formatDuration(p.memorySpan)} of history, first use`);
  else if (p.keyState === KEY_USED && p.a1 > 0)
    parts.push(`${keyName} unused for ${formatDuration(p.keyGap)} until${woke(p.wokeAgo) || ' now'} (${p.keyUses} earlier uses${p.keyTypical > 0 ? `, about one every ${formatDuration(p.keyTypical)}` : ''})`);
  if (p.a3 > 0) {
    const bits: string[] = [];
    if (p.provNewSource) bits.push(`from a session on an IP and device new to the account${p.provIp ? ` (${p.provIp})` : ''}`);
    if (p.provSharedAccounts >= prm.sharedDeviceAccounts) bits.push(`on device ${p.provDevice} that is used on ${p.provSharedAccounts} accounts`);
    if (p.provIpOnce && !p.provNewSource) bits.push(`from IP ${p.provIp} the account never used again`);
    if (bits.length > 0) parts.push(`the key was created ${bits.join(', ')}`);
    if (p.device !== null && p.orderDeviceShared + 1 >= prm.sharedDeviceAccounts) parts.push(`device ${p.device} is used on ${p.orderDeviceShared} other accounts`);
  }
  if (p.a2 > 0) {
    const bits: string[] = [];
    if (p.ipState === 2) bits.push(`IP ${p.ip} (a network new to the account)`);
    else if (p.ipState === 1) bits.push(`IP ${p.ip} (seen once before)`);
    if (p.deviceState === 2) bits.push(`a new device ${p.device}`);
    else if (p.deviceState === 1) bits.push(`device ${p.device} (seen once before)`);
    if (p.platformNew) bits.push(`platform ${p.platform} (first order through it)`);
    if (p.channelNew) bits.push(`its first ${p.channel} order`);
    if (bits.length > 0) parts.push(`${bits.join(', ')}, against ${p.baseline} earlier actions${p.explained ? ' (partly explained by a key created minutes before)' : ''}`);
  }
  if (p.a4 > 0) parts.push(`account idle for ${formatDuration(p.accountGap)} until${woke(p.accountWokeAgo) || ' now'}`);
  if (p.liqShown) {
    const sold: string[] = [];
    for (let i = 0; i < p.liqCount; i++) sold.push(`${Math.round(p.liqFrac[i]! * 100)}% of ${p.liqAsset[i]}`);
    parts.push(`sold ${sold.join(' and ')} in the ${formatDuration(p.t - p.liqSince)} before`);
  }
  if (p.newSymbol) parts.push(p.otherSymbols > 0 ? `first trade in ${p.symbol} (it traded ${p.otherSymbols} other symbol${p.otherSymbols > 1 ? 's' : ''})` : `first trade ever, in ${p.symbol}`);
  const dec = profiles.assetDecimals(p.quoteAsset);
  if (p.side === 'buy') {
    const how = p.kind === 'market' ? (p.byQuote ? 'market buy sized by quote' : 'market buy') : `limit buy at ${p.limitPrice}`;
    const size = p.spend > 0 ? ` of ${formatAssetAmount(p.spend, dec, p.quoteAsset)}${p.spendShare > 0 ? ` (${Math.round(p.spendShare * 100)}% of its ${p.quoteAsset})` : ''}` : '';
    parts.push(`${how}${size}`);
    if (p.limitStrength > 0 && p.ref > 0) parts.push(`limit ${formatPct(p.limitPrice / p.ref - 1)} over the pre-burst price ${p.ref}`);
    if (p.fills > 0 && p.ref > 0) parts.push(`filled at up to ${p.maxPrice} (${formatPct(fillPrem)} over the pre-burst price ${p.ref}) by ${p.makers} seller${p.makers === 1 ? '' : 's'}`);
  } else if (b3 > 0) parts.push(`sold down to ${p.minPrice} (${formatPct(fillPrem)} against the last price ${p.lastPrice})`);
  if (p.depositAgo >= 0) parts.push(`but it deposited ${formatAssetAmount(p.depositAmount, dec, p.quoteAsset)} ${formatDuration(p.depositAgo)} before (owner present: score halved)`);
  return (
    `account ${p.account} looks taken over, stop its API keys (score ${score.toFixed(2)}: access ${access.toFixed(2)}, behaviour ${behaviour.toFixed(2)}): ` +
    parts.join('; ')
  );
}

/**
 * The indicators account-takeover reads from an account's past when one of its
 * orders is accepted (before the order is added to the profile): access
 * a1-a4 (key and account dormancy, new sources, the session a key was created
 * in) and behaviour b1, b2 and the order's side of b3 and b4 (liquidation,
 * new symbol, limit premium, share of the balance spent). What they mean and
 * how they combine is in the header of account-takeover.ts; the fills and the
 * final score are judged there.
 */
import type { EventOf } from '../../core/index.js';
import type { AccountProfiles } from '../account-profile.js';
import { type AccountRecord, CHANNEL_BIT } from '../account-record.js';
import type { SymbolMemory } from '../symbol-memory.js';
import { dormancy } from '../dormancy.js';
import { clamp01 } from '../alert.js';
import type { AccountTakeoverParams } from './account-takeover-params.js';
import { KEY_NEVER_USED, KEY_NONE, KEY_UNSEEN, KEY_USED, MAX_LIQ, type Pending } from './account-takeover-pending.js';

export const noisyOr4 = (a: number, b: number, c: number, d: number) => 1 - (1 - a) * (1 - b) * (1 - c) * (1 - d);

/** Access indicators a1-a4 of an accepted order, from the account's record `r` (read before the order is added to it), into `p`. */
export function assessAccess(p: Pending, prm: AccountTakeoverParams, profiles: AccountProfiles, e: EventOf<'order-accepted'>, r: AccountRecord | undefined): void {
  const t = e.t;
  const dormant = prm.dormantMs;
  // a1: key dormancy.
  p.keyState = KEY_NONE;
  p.key = e.key ?? 0;
  p.keySeq = -1;
  p.a1 = 0;
  p.provNewSource = false;
  p.provSharedAccounts = 0;
  p.provDevice = null;
  p.provIp = null;
  p.provIpOnce = false;
  p.provSeq = -1;
  let freshOrdinaryKey = false;
  if (e.key !== null) {
    const k = r?.key(e.key);
    const run = profiles.opts.runGapMs;
    if (k === undefined) {
      p.keyState = KEY_UNSEEN;
      p.keyAge = p.memorySpan;
      if (p.memorySpan >= dormant) p.a1 = 0.7;
    } else if (k.uses === 0 || (t - k.lastUsed <= run && t - k.runStart <= prm.wakeWindowMs && k.runUsesBefore === 0)) {
      // First use now, or a run of use that began with the first use a moment ago.
      p.keyState = KEY_NEVER_USED;
      p.wokeAgo = k.uses === 0 ? 0 : t - k.runStart;
      const first = k.uses === 0 ? t : k.runStart;
      p.keyAge = k.createdAt >= 0 ? first - k.createdAt : p.memorySpan;
      p.keySeq = k.createdSeq;
      p.a1 = p.keyAge >= dormant ? 1 : 0;
      freshOrdinaryKey = k.createdAt >= 0 && p.keyAge < dormant && !k.createdFromNewSource;
    } else {
      p.keyState = KEY_USED;
      p.keyUses = k.uses;
      const start = k.createdAt >= 0 ? k.createdAt : k.firstUsed;
      const plus = k.createdAt >= 0 ? 1 : 0;
      if (t - k.lastUsed > run || t - k.runStart > prm.wakeWindowMs) {
        // Judge the silence that ends now.
        p.wokeAgo = 0;
        p.keyGap = t - k.lastUsed;
        p.keyAge = t - start;
        p.keyTypical = p.keyAge / (k.uses + plus);
      } else {
        // Judge the silence that ended at the start of the current run of use.
        p.wokeAgo = t - k.runStart;
        p.keyGap = k.runGap;
        p.keyUses = k.runUsesBefore;
        p.keyTypical = (k.runStart - start) / (k.runUsesBefore + plus);
      }
      // The key's usual spacing over its whole life (this gap included), so a few uses do not mislead.
      if (p.keyGap >= dormant) p.a1 = dormancy(p.keyGap, dormant, p.keyTypical);
    }
    // a3: the session the key was created in.
    if (k !== undefined && k.createdAt >= 0) {
      p.provDevice = k.createdDevice;
      p.provIp = k.createdIp;
      p.provSeq = k.createdSeq;
      p.provNewSource = k.createdFromNewSource;
      if (k.createdDevice !== null) p.provSharedAccounts = profiles.accountsOnDevice(k.createdDevice);
      if (k.createdIp !== null && r !== undefined && r.actions >= 3) {
        const ipRec = r.ip(k.createdIp);
        p.provIpOnce = ipRec !== undefined && ipRec.count <= 1;
      }
    }
  }
  p.a3 = 0;
  if (p.provNewSource) p.a3 = Math.max(p.a3, 0.7);
  if (p.provSharedAccounts >= prm.sharedDeviceAccounts) p.a3 = 1;
  if (p.provIpOnce) p.a3 = Math.max(p.a3, 0.5);
  p.orderDeviceShared = e.device !== null ? profiles.accountsOnDevice(e.device) : 0;
  // A device already on other accounts, now used on this one too.
  if (e.device !== null && r?.device(e.device) === undefined && p.orderDeviceShared + 1 >= prm.sharedDeviceAccounts) p.a3 = 1;
  // a2: source novelty against the account's own baseline.
  p.baseline = r?.actions ?? 0;
  p.ipState = 0;
  p.deviceState = 0;
  p.device = e.device;
  p.platform = e.platform;
  p.platformNew = false;
  p.channelNew = false;
  p.explained = false;
  p.a2 = 0;
  if (r !== undefined && r.actions >= prm.minBaseline) {
    // Sources first seen in the current run of activity (woken up minutes ago) are as new as unseen ones.
    const inRun =
      r.runStart >= 0 && r.runActionsBefore >= prm.minBaseline && t - r.lastActive <= profiles.opts.runGapMs && t - r.runStart <= prm.wakeWindowMs;
    const runStart = inRun ? r.runStart : t;
    if (e.platform !== null) {
      // A platform's orders come from its servers: judge the IP against the platform, not the account.
      const pr = profiles.platform(e.platform);
      if (pr !== undefined && pr.orders >= prm.minBaseline * 10 && !profiles.platformUsesNetwork(e.platform, e.ip)) p.ipState = 2;
    } else {
      const ipRec = r.ip(e.ip);
      if (ipRec === undefined) p.ipState = r.knowsNetwork(e.ip) ? 0 : 2;
      else if (ipRec.first >= runStart) p.ipState = 2;
      else if (ipRec.count <= 1 && r.actions >= 3) p.ipState = 1;
    }
    if (e.device !== null) {
      const d = r.device(e.device);
      if (d === undefined || d.first >= runStart) p.deviceState = 2;
      else if (d.count <= 1 && r.actions >= 3) p.deviceState = 1;
    }
    // A key whose creation was seen declares its platform and channel: only an unseen key makes them news.
    const keySeen = p.keyState === KEY_NEVER_USED || p.keyState === KEY_USED;
    p.platformNew = e.platform !== null && !keySeen && !r.usedPlatform(e.platform);
    p.channelNew = !keySeen && (r.channels & CHANNEL_BIT[e.channel]) === 0;
    let a2 = noisyOr4(0.7 * (p.ipState / 2), 0.6 * (p.deviceState / 2), p.platformNew ? 0.5 : 0, p.channelNew ? 0.4 : 0);
    // A key created minutes ago in an ordinary session explains a new IP or device.
    if (freshOrdinaryKey) {
      a2 *= 0.3;
      p.explained = a2 > 0;
    }
    p.a2 = a2;
  }
  // a4: the account itself idle.
  p.accountGap = -1;
  p.accountWokeAgo = 0;
  if (r !== undefined && r.lastActive >= 0) {
    if (t - r.lastActive > profiles.opts.runGapMs || t - r.runStart > prm.wakeWindowMs || r.runGap < 0) {
      p.accountGap = t - r.lastActive;
      p.accountTypical = (t - r.firstSeen) / (r.actions + 1);
    } else {
      p.accountGap = r.runGap;
      p.accountWokeAgo = t - r.runStart;
      p.accountTypical = (r.runStart - r.firstSeen) / (r.runActionsBefore + 1);
    }
  }
  p.a4 = p.accountGap >= dormant ? dormancy(p.accountGap, dormant, p.accountTypical) : 0;
}

/** Behaviour indicators b1 and b2, the limit part of b3, the spend behind b4 and the deposit mitigation of a buy, into `p` (all zero for a sell). */
export function assessBehaviour(p: Pending, prm: AccountTakeoverParams, e: EventOf<'order-accepted'>, r: AccountRecord | undefined, sm: SymbolMemory | undefined): void {
  const t = e.t;
  p.liqCount = 0;
  p.b1 = 0;
  p.b2 = 0;
  p.newSymbol = false;
  p.otherSymbols = 0;
  p.limitStrength = 0;
  p.spend = 0;
  p.spendShare = 0;
  p.depositAgo = -1;
  p.depositSeq = -1;
  if (e.side !== 'buy') return;
  // b1: other holdings sold off shortly before.
  if (r !== undefined) {
    let maxFrac = 0;
    p.liqSince = t;
    for (let j = 0; j < r.holdingCount; j++) {
      const asset = r.holdingAsset(j);
      const since = r.holdingSoldSince(j);
      const sold = r.holdingSold(j);
      if (asset === p.quoteAsset || asset === p.baseAsset || since < 0 || sold <= 0) continue;
      if (t - since > prm.liquidationWindowMs) continue;
      const frac = sold / (sold + r.holdingBalance(j));
      if (frac < prm.liquidationFraction || p.liqCount >= MAX_LIQ) continue;
      p.liqAsset[p.liqCount] = asset;
      p.liqFrac[p.liqCount] = frac;
      p.liqSeq[p.liqCount] = r.holdingSoldSeq(j);
      p.liqCount++;
      if (since < p.liqSince) p.liqSince = since;
      if (frac > maxFrac) maxFrac = frac;
    }
    if (p.liqCount > 0) p.b1 = Math.min(1, 0.6 + 0.2 * p.liqCount) * maxFrac;
    // b2: a symbol never traded.
    p.newSymbol = !r.knowsSymbol(e.symbol);
    p.otherSymbols = r.symbolCount;
    if (p.newSymbol) p.b2 = p.otherSymbols > 0 ? 1 : 0.6;
    // mitigation: a fresh deposit of the quote coin.
    if (r.lastDeposit >= 0 && t - r.lastDeposit <= prm.depositWindowMs && r.lastDepositAsset === p.quoteAsset && p.quoteAsset !== '') {
      p.depositAgo = t - r.lastDeposit;
      p.depositAmount = r.lastDepositAmount;
      p.depositSeq = r.lastDepositSeq;
    }
  } else {
    p.newSymbol = true;
    p.b2 = 0.6;
  }
  // b3 (limit part) and b4: price and size.
  if (e.kind === 'limit' && e.price !== null && p.ref > 0) {
    const prem = e.price / p.ref - 1;
    if (prem >= prm.farLimitPremium) p.limitStrength = clamp01(0.5 + 0.5 * (Math.log1p(prem) - Math.log1p(prm.farLimitPremium)) / Math.log1p(prm.fullPremium));
  }
  if (sm !== undefined) {
    if (e.quoteQty !== null) p.spend = e.quoteQty;
    else if (e.price !== null && e.qty !== null) p.spend = e.price * e.qty * sm.quoteUnitsPerTickLot;
    const bal = r?.balance(sm.quote) ?? 0;
    if (bal > 0 && p.spend > 0) p.spendShare = Math.min(1, p.spend / bal);
  }
}

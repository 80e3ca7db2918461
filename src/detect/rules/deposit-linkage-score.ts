/**
 * How sure deposit-linkage is, and what its alerts say: the score grades the
 * five legs (coin deposited, sold at a premium, sold repeatedly, quote
 * withdrawn at once, linked to other depositors) with fixed weights; the
 * explanation puts the same legs in words.
 */
import { formatAssetAmount } from '../explain.js';
import type { DepositLinkageParams } from './deposit-linkage-params.js';
import type { Cand, Dep } from './deposit-linkage-state.js';

/** Weights of the five legs in the score (they sum to 1). */
const W_DEPOSIT = 0.25;
const W_PREMIUM = 0.25;
const W_FILLS = 0.1;
const W_WITHDRAW = 0.25;
const W_LINK = 0.15;

/** Graded: deposit (recency) + premium (log scale) + fills + withdrawal speed + linked accounts. */
export function linkageScore(p: DepositLinkageParams, c: Cand, dep: Dep, t: number, linked: number): number {
  const sale = c.sale!;
  const de = 1 - 0.5 * Math.min(1, (t - dep.t) / p.depositLookbackMs);
  const premium = Math.max(sale.placedPremium, sale.fillPremium, 1);
  const pe = Math.min(1, Math.log(premium) / Math.log(p.fullPremium));
  const fe = Math.min(1, sale.fills / p.fullFills);
  const we = c.wd === null ? 0 : 1 - 0.5 * Math.min(1, c.wd.delayMs / p.withdrawWithinMs);
  const le = Math.min(1, linked / p.fullLinked);
  return Math.min(1, W_DEPOSIT * de + W_PREMIUM * pe + W_FILLS * fe + W_WITHDRAW * we + W_LINK * le);
}

/** The alert's sentence: the deposit, the sale, the withdrawal request and the links, with their numbers. */
export function linkageExplanation(c: Cand, dep: Dep, t: number, linked: number[], linkKinds: readonly number[], decimals: ReadonlyMap<string, number>): string {
  const sale = c.sale!;
  const s = sale.sym;
  const parts: string[] = [];
  const ago = (t - dep.t) / 3_600_000;
  parts.push(
    `account ${c.account} deposited ${formatAssetAmount(dep.amount, decimals.get(dep.asset), dep.asset)} ${ago.toFixed(1)} h ago`,
  );
  parts.push(
    `sold ${sale.lots} lots of ${s.symbol} in ${sale.fills} fill${sale.fills === 1 ? '' : 's'} for ${formatAssetAmount(sale.quoteUnits, decimals.get(s.quote), s.quote)}` +
      (sale.fillPremium > 0 ? ` at up to ${sale.fillPremium.toFixed(2)}x the pre-spike price` : '') +
      (sale.placedPremium > 0 ? ` (asks placed at ${sale.placedPremium.toFixed(2)}x the market)` : ''),
  );
  if (c.wd !== null) {
    parts.push(
      `requested a withdrawal of ${formatAssetAmount(c.wd.amount, decimals.get(c.wd.asset), c.wd.asset)} ${(c.wd.delayMs / 1000).toFixed(1)} s after selling`,
    );
  }
  if (linked.length > 0) {
    const [byDep, byWd, byDev] = linkKinds;
    const how = [
      byDep! > 0 ? `${byDep} deposited ${dep.asset} from the same address` : '',
      byWd! > 0 ? `${byWd} withdrew to the same address` : '',
      byDev! > 0 ? `${byDev} used the same device` : '',
    ].filter((x) => x !== '');
    parts.push(`linked to ${linked.length} other account${linked.length === 1 ? '' : 's'} (${how.join(', ')})`);
  }
  return parts.join('; ');
}

import { BUY } from '../book/index.js';
import type { Venue } from './venue.js';

/**
 * Checks the ledger's invariants and returns every violation found (empty when
 * sound). Used by property tests and by the simulation's own checks; it walks
 * everything, so it is for tests and end-of-run checks, not the hot path.
 *
 * 1. Conservation, per asset: customer balances (available + locked) + the fee
 *    ledger = credited deposits - completed withdrawals. (Pending withdrawals
 *    are still locked in their accounts, so they are inside the balances.)
 * 2. No balance is negative.
 * 3. Locked funds equal what the account's open orders and pending
 *    withdrawals need, per asset.
 * 4. Every live order rests on its book with the quantity its lock covers.
 */
export function auditLedger(v: Venue): string[] {
  const problems: string[] = [];
  const nAssets = v.assets.length;
  const held = new Array<number>(nAssets).fill(0);
  const needs = new Map<number, number[]>();
  const need = (account: number, asset: number, amount: number) => {
    let row = needs.get(account);
    if (row === undefined) needs.set(account, (row = new Array<number>(nAssets).fill(0)));
    row[asset]! += amount;
  };
  const live = v.live;
  for (const s of live.slots()) {
    const id = live.id[s]!;
    const locked = live.locked[s]!;
    need(live.account[s]!, live.lockAsset[s]!, locked);
    const m = v.marketList[live.market[s]!]!;
    const rest = m.book.remainingOf(id);
    if (rest <= 0) {
      problems.push(`order ${id} is live at the exchange but not on the ${m.spec.code} book`);
      continue;
    }
    const covers = live.side[s] === BUY ? m.notional(live.price[s]!, rest) : rest * m.baseUnitsPerLot;
    if (covers !== locked) problems.push(`order ${id} locks ${locked} but its ${rest} lots need ${covers}`);
  }
  for (const w of v.pendingWithdrawals) need(w.account.id, w.asset, w.amount);
  for (const account of v.accounts) {
    if (account === undefined) continue;
    for (let a = 0; a < nAssets; a++) {
      const av = account.avail(a);
      const lk = account.held(a);
      const code = v.assets[a]!.code;
      if (av < 0) problems.push(`account ${account.id} has negative available ${code}: ${av}`);
      if (lk < 0) problems.push(`account ${account.id} has negative locked ${code}: ${lk}`);
      const expected = needs.get(account.id)?.[a] ?? 0;
      if (lk !== expected) problems.push(`account ${account.id} locks ${lk} ${code} but its orders and withdrawals need ${expected}`);
      held[a]! += av + lk;
    }
  }
  for (let a = 0; a < nAssets; a++) {
    const code = v.assets[a]!.code;
    const total = held[a]! + v.fees[a]!;
    const expected = v.deposited[a]! - v.withdrawn[a]!;
    if (v.fees[a]! < 0) problems.push(`fee ledger has negative ${code}`);
    if (total !== expected) problems.push(`${code}: balances + fees = ${total}, deposits - withdrawals = ${expected}`);
  }
  return problems;
}

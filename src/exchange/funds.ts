import type { AccountId, AssetCode, DepositId, WithdrawalId } from '../core/index.js';
import { authorise } from './authorise.js';
import { REJECT } from './reasons.js';
import type { RequestSource } from './order-request.js';
import type { PendingWithdrawal, Venue } from './venue.js';

/**
 * A deposit seen on chain: `deposit` with status `pending` now, `credited`
 * after the asset's confirmation delay (processed by `processDue`). Returns
 * the deposit id, or why it was refused (no event: nothing reached the exchange).
 * `confirmNow` credits at once: for opening balances that predate the log.
 */
export function deposit(
  v: Venue,
  accountId: AccountId,
  asset: AssetCode,
  amount: number,
  address: string,
  confirmNow = false,
): DepositId | string {
  const account = v.accounts[accountId];
  if (account === undefined) return REJECT.unknownAccount;
  const a = v.assetIndex.get(asset);
  if (a === undefined) return REJECT.unknownAsset;
  if (!Number.isSafeInteger(amount) || amount <= 0) return REJECT.badAmount;
  const id = v.depositIds.next() as DepositId;
  const due = confirmNow ? v.now : v.now + v.assets[a]!.confirmationMs;
  v.emit({ seq: v.nextSeq(), t: v.now, type: 'deposit', deposit: id, account: accountId, asset, amount, address, status: 'pending' });
  v.pendingDeposits.push({ id, account, asset: a, amount, address, due });
  if (due < v.dueAt) v.dueAt = due;
  if (due === v.now) processDue(v);
  return id;
}

/**
 * A withdrawal request. It is always recorded (`withdrawal-request`: a request
 * is a signal even when refused); if the account, key or balance does not allow
 * it, a `withdrawal` with status `rejected` follows at once. Otherwise the
 * amount is locked and processed after the asset's withdrawal delay, when a
 * restriction set in the meantime still stops it.
 */
export function requestWithdrawal(
  v: Venue,
  accountId: AccountId,
  asset: AssetCode,
  amount: number,
  address: string,
  source: RequestSource,
): WithdrawalId | string {
  const account = v.accounts[accountId];
  if (account === undefined) return REJECT.unknownAccount;
  const a = v.assetIndex.get(asset);
  if (a === undefined) return REJECT.unknownAsset;
  if (!Number.isSafeInteger(amount) || amount <= 0) return REJECT.badAmount;
  const id = v.withdrawalIds.next() as WithdrawalId;
  const key = source.key ?? null;
  v.emit({
    seq: v.nextSeq(),
    t: v.now,
    type: 'withdrawal-request',
    withdrawal: id,
    account: accountId,
    asset,
    amount,
    address,
    channel: source.channel,
    key,
    platform: key !== null ? (v.keys[key]?.platform ?? null) : null,
    ip: source.ip,
    device: source.device ?? null,
  });
  const pending: PendingWithdrawal = { id, account, asset: a, amount, address, due: v.now + v.assets[a]!.withdrawalDelayMs };
  const denied = authorise(v, account, source, 'withdraw') ?? (amount > account.avail(a) ? REJECT.insufficientBalance : null);
  if (denied !== null) {
    emitWithdrawal(v, pending, 'rejected', denied);
    return id;
  }
  account.lock(a, amount);
  v.pendingWithdrawals.push(pending);
  if (pending.due < v.dueAt) v.dueAt = pending.due;
  if (pending.due === v.now) processDue(v);
  return id;
}

function emitWithdrawal(v: Venue, w: PendingWithdrawal, status: 'completed' | 'rejected', reason: string | null): void {
  v.emit({
    seq: v.nextSeq(),
    t: v.now,
    type: 'withdrawal',
    withdrawal: w.id as WithdrawalId,
    account: w.account.id,
    asset: v.assets[w.asset]!.code,
    amount: w.amount,
    address: w.address,
    status,
    reason,
  });
}

/**
 * Credits deposits and processes withdrawals whose time has come, in order of
 * due time, then id. A withdrawal whose account is now frozen or has its
 * withdrawals suspended is rejected and its funds returned: this is how an
 * exchange that reacts inside the delay keeps the proceeds from leaving.
 */
export function processDue(v: Venue): void {
  const now = v.now;
  if (v.dueAt > now) return;
  const deps = v.pendingDeposits;
  if (deps.length > 0) {
    const due = deps.filter((d) => d.due <= now).sort((x, y) => x.due - y.due || x.id - y.id);
    if (due.length > 0) {
      v.pendingDeposits.splice(0, deps.length, ...deps.filter((d) => d.due > now));
      for (const d of due) {
        d.account.credit(d.asset, d.amount);
        v.deposited[d.asset]! += d.amount;
        v.emit({
          seq: v.nextSeq(),
          t: now,
          type: 'deposit',
          deposit: d.id as DepositId,
          account: d.account.id,
          asset: v.assets[d.asset]!.code,
          amount: d.amount,
          address: d.address,
          status: 'credited',
        });
      }
    }
  }
  const wds = v.pendingWithdrawals;
  if (wds.length > 0) {
    const due = wds.filter((w) => w.due <= now).sort((x, y) => x.due - y.due || x.id - y.id);
    if (due.length > 0) {
      v.pendingWithdrawals.splice(0, wds.length, ...wds.filter((w) => w.due > now));
      for (const w of due) {
        if (w.account.canWithdraw) {
          w.account.spendLocked(w.asset, w.amount);
          v.withdrawn[w.asset]! += w.amount;
          emitWithdrawal(v, w, 'completed', null);
        } else {
          w.account.unlock(w.asset, w.amount);
          emitWithdrawal(v, w, 'rejected', REJECT.withdrawalsRestricted);
        }
      }
    }
  }
  recomputeDue(v);
}

/** Earliest time something is due, or Infinity: lets a scheduler wake the exchange exactly then. */
export function nextDue(v: Venue): number {
  return v.dueAt;
}

function recomputeDue(v: Venue): void {
  let t = Infinity;
  for (const d of v.pendingDeposits) if (d.due < t) t = d.due;
  for (const w of v.pendingWithdrawals) if (w.due < t) t = w.due;
  v.dueAt = t;
}

/**
 * Small integer codes used on the book's hot path instead of strings, so the
 * matching loop compares numbers. The exchange maps them to the event strings.
 */

export const BUY = 0;
export const SELL = 1;
export type SideCode = typeof BUY | typeof SELL;

/** Time in force. */
export const GTC = 0;
export const IOC = 1;
export const FOK = 2;
export type TifCode = typeof GTC | typeof IOC | typeof FOK;

/** Self-trade prevention, applied when the taker meets a resting order of the same owner. */
export const STP_NONE = 0;
/** Cancel the taker's remainder (the newest order); the resting order stays. */
export const STP_CANCEL_NEWEST = 1;
/** Cancel the resting order (the oldest) and keep matching. */
export const STP_CANCEL_OLDEST = 2;
/** Cancel both. */
export const STP_CANCEL_BOTH = 3;
export type StpCode = typeof STP_NONE | typeof STP_CANCEL_NEWEST | typeof STP_CANCEL_OLDEST | typeof STP_CANCEL_BOTH;

/** Outcome of a submit. Anything but OK means the book did not change. */
export const OK = 0;
export const REJECT_DUPLICATE_ID = 1;
export const REJECT_POST_ONLY_WOULD_CROSS = 2;
export const REJECT_BAD_QUANTITY = 3;
export const REJECT_BAD_PRICE = 4;
/** Ids must be safe integers (a NaN id could rest but never be cancelled). */
export const REJECT_BAD_ID = 5;
export type SubmitStatus =
  | typeof OK
  | typeof REJECT_DUPLICATE_ID
  | typeof REJECT_POST_ONLY_WOULD_CROSS
  | typeof REJECT_BAD_QUANTITY
  | typeof REJECT_BAD_PRICE
  | typeof REJECT_BAD_ID;

/** Why part of an accepted order did not fill and did not rest. */
export const DROP_NONE = 0;
/** IOC or market remainder with no more liquidity at an acceptable price, or quote budget spent. */
export const DROP_UNFILLED = 1;
/** Fill-or-kill that could not fill in full: nothing traded. */
export const DROP_FOK = 2;
/** Self-trade prevention cancelled the taker's remainder. */
export const DROP_SELF_TRADE = 3;
export type DropReason = typeof DROP_NONE | typeof DROP_UNFILLED | typeof DROP_FOK | typeof DROP_SELF_TRADE;

/** Slot value meaning "no order" / "no level" in the linked lists. */
export const NIL = -1;

export const sideName = (s: SideCode): 'buy' | 'sell' => (s === BUY ? 'buy' : 'sell');

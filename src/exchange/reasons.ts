/**
 * Why the exchange refused something. Rejections are events with one of these
 * strings, never exceptions: a detector may well care that a victim's key
 * suddenly hit `ip-not-allowed` a hundred times.
 */
export const REJECT = {
  unknownSymbol: 'unknown-symbol',
  unknownAccount: 'unknown-account',
  unknownAsset: 'unknown-asset',
  symbolHalted: 'symbol-halted',
  accountRestricted: 'account-restricted',
  withdrawalsRestricted: 'withdrawals-restricted',
  keyRequired: 'api-key-required',
  keyNotAllowedOnChannel: 'api-key-on-web-or-app',
  keyUnknown: 'api-key-unknown',
  keyNotOwned: 'api-key-not-owned',
  keyRevoked: 'api-key-revoked',
  keyCannotTrade: 'api-key-no-trade-permission',
  keyCannotWithdraw: 'api-key-no-withdraw-permission',
  ipNotAllowed: 'ip-not-allowed',
  badPrice: 'bad-price',
  badQuantity: 'bad-quantity',
  badParameters: 'bad-parameters',
  belowMinNotional: 'below-min-notional',
  notionalTooLarge: 'notional-too-large',
  insufficientBalance: 'insufficient-balance',
  postOnlyWouldCross: 'post-only-would-cross',
  duplicateOrderId: 'duplicate-order-id',
  badAmount: 'bad-amount',
} as const;

export type RejectReason = (typeof REJECT)[keyof typeof REJECT];

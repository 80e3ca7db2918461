/**
 * What the account profile store remembers about a symbol, shared by every
 * account that orders or trades it: its assets, lot and tick value, and the
 * pre-burst {@link PriceReference}. Apart from the per-account record because
 * it is one object per symbol, not per account.
 */
import type { AccountProfileOptions } from './account-profile-options.js';
import { PriceReference } from './price-reference.js';

/** What a rule needs to know about a symbol. */
export class SymbolMemory {
  readonly ref: PriceReference;
  constructor(
    readonly symbol: string,
    readonly base: string,
    readonly quote: string,
    readonly baseUnitsPerLot: number,
    readonly quoteUnitsPerTickLot: number,
    opts: AccountProfileOptions,
    /** False for a symbol seen in orders or trades before (or without) its listing: assets unknown. */
    readonly listed = true,
    /** The profile store's small integer ids of the base and quote assets. */
    readonly baseId = -1,
    readonly quoteId = -1,
  ) {
    this.ref = new PriceReference(opts.refWindowMs, opts.refBuckets);
  }
}

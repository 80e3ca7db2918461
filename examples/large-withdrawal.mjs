// A user-written detection rule, loaded without forking surveil:
//
//   npx surveil eval scenarios/compromised-key-pump.yaml \
//     --detector-module examples/large-withdrawal.mjs --detectors large-withdrawal,deposit-linkage
//
// A module's default export (or its `detectors` array) is a detector definition:
// name, summary, family, the stream capabilities it needs, a zod schema of its
// parameters (every one with a default) and create(params) returning an object
// with onEvent(event, out). It sees events only, one at a time, in order.
import { z } from 'zod';

export default {
  name: 'large-withdrawal',
  summary: 'a withdrawal request of at least minAmount units, within an hour of the account selling',
  family: 'deposit / withdrawal linkage (example)',
  needs: ['trades', 'accounts', 'transfers'],
  params: z.object({
    /** Smallest withdrawal that counts, in the asset's smallest unit (1 BTC = 1e8). */
    minAmount: z.number().int().positive().default(100_000_000),
    /** How recent the account's last sale must be, in ms. */
    withinMs: z.number().int().positive().default(3_600_000),
  }),
  create(params) {
    /** account -> time of its last sell fill (bounded by the number of accounts). */
    const lastSale = new Map();
    return {
      onEvent(e, out) {
        if (e.type === 'trade') {
          lastSale.set(e.aggressor === 'buy' ? e.makerAccount : e.takerAccount, e.t);
          return;
        }
        if (e.type !== 'withdrawal-request' || e.amount < params.minAmount) return;
        const sold = lastSale.get(e.account);
        if (sold === undefined || e.t - sold > params.withinMs) return;
        out.raise({
          t: e.t,
          seq: e.seq,
          symbol: null,
          accounts: [e.account],
          score: Math.min(1, e.amount / (10 * params.minAmount)),
          evidence: [e.seq],
          explanation: `account ${e.account} asked to withdraw ${e.amount / 1e8} ${e.asset} ${Math.round((e.t - sold) / 1000)} s after its last sale`,
        });
      },
    };
  },
};

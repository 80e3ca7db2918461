/**
 * The terminal table of `surveil eval --policy`: one row per impact measure,
 * the same seeds without and with the policy side by side, each cell the mean
 * over seeds with its 95% t interval when there are several.
 */
import type { ImpactAggregate, ImpactComparison, ImpactField } from '../evaluate/index.js';
import type { MeanInterval } from '../evaluate/index.js';

interface Row {
  label: string;
  field: ImpactField;
  /** Money in quote units (shown as decimals of the quote asset) or a plain number. */
  money?: boolean;
  digits?: number;
}

const ROWS: readonly Row[] = [
  { label: 'attacker withdrawn', field: 'attackerProceedsWithdrawn', money: true },
  { label: 'attacker trading gain', field: 'attackerTradingGain', money: true },
  { label: 'attacker withdrawals rejected', field: 'attackerWithdrawalsRejected', digits: 1 },
  { label: 'attackers restricted', field: 'attackersRestricted', digits: 1 },
  { label: 'victim loss (gross)', field: 'victimLossGross', money: true },
  { label: 'victim loss reversed', field: 'victimLossRecovered', money: true },
  { label: 'victim loss (net)', field: 'victimLossNet', money: true },
  { label: 'victims protected (key revoked)', field: 'victimsProtected', digits: 1 },
  { label: 'victims restricted (funds held)', field: 'victimsRestricted', digits: 1 },
  { label: 'victim restriction hours', field: 'victimRestrictionHours', digits: 2 },
  { label: 'honest accounts restricted', field: 'honestRestricted', digits: 1 },
  { label: 'honest restriction hours', field: 'honestRestrictionHours', digits: 2 },
  { label: 'honest keys revoked', field: 'honestKeysRevoked', digits: 1 },
  { label: 'trades reversed', field: 'tradesReversed', digits: 1 },
  { label: 'quote reversed', field: 'quoteReversed', money: true },
  { label: 'quote unrecovered', field: 'quoteUnrecovered', money: true },
  { label: 'symbol halt hours', field: 'haltHours', digits: 2 },
];

/** Quote units (means over seeds are fractional) as the asset's decimals, 4 places: display only. */
function money(units: number, decimals: number): string {
  return (units / 10 ** decimals).toFixed(Math.min(4, decimals));
}

function cell(m: MeanInterval, row: Row, decimals: number): string {
  if (m.mean === null) return '-';
  const f = (x: number) => (row.money === true ? money(x, decimals) : x.toFixed(row.digits ?? 2));
  // No interval for one seed, nor when every seed gave the same value.
  return m.low === null || m.high === null || m.sd === 0 ? f(m.mean) : `${f(m.mean)} [${f(m.low)}, ${f(m.high)}]`;
}

export function impactTable(
  title: string,
  policy: string,
  without: ImpactAggregate,
  withPolicy: ImpactAggregate,
  comparisons: readonly ImpactComparison[],
): string {
  const first = comparisons[0]?.without;
  const quote = first?.quoteAsset ?? '';
  const decimals = first?.quoteDecimals ?? 0;
  const header = ['measure (mean [95% CI])', 'without policy', `with ${policy}`];
  const rows = ROWS.map((r) => [`${r.label}${r.money === true ? ` (${quote})` : ''}`, cell(without[r.field], r, decimals), cell(withPolicy[r.field], r, decimals)]);
  const prevented = comparisons.reduce((s, c) => s + c.proceedsPrevented, 0);
  const before = comparisons.reduce((s, c) => s + c.without.attackerProceedsWithdrawn, 0);
  const reviews = comparisons.reduce((s, c) => s + (c.with.reviews ?? 0), 0);
  const right = comparisons.reduce((s, c) => s + (c.with.reviewsCorrect ?? 0), 0);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const n = comparisons.length;
  const lines = [
    `${title}: ${n} seed(s), the same seeds without and with policy ${policy}`,
    line(header),
    ...rows.map(line),
    `withdrawals prevented: ${money(prevented / Math.max(1, n), decimals)} ${quote} per run` +
      (before > 0 ? ` (${((prevented / before) * 100).toFixed(1)}% of what left without the policy)` : ''),
    `reviews: ${reviews} verdicts, ${right} right for the account's role`,
  ];
  return `${lines.join('\n')}\n`;
}

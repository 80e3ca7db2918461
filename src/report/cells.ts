/**
 * What the rule x scenario table says in each cell: the headline a
 * surveillance lead reads first. Attack scenarios: share of attacks detected
 * (with the symbol-only share when a rule flags the symbol without naming anyone),
 * share detected before the harm point (the attacker's first withdrawal
 * request), and honest accounts named per run. Organic scenarios have nothing
 * to catch, so they show the harm instead: honest accounts named per run and
 * alerts per market-day after the warm-up.
 */
import type { CellAggregate, SuiteResults } from '../evaluate/index.js';
import { DASH, fmtNumber, fmtRate } from './format.js';

export interface Headline {
  /** Short text, e.g. `100% · 50% · 0 honest` or `1.5 honest · 12/d`. */
  text: string;
  /** The number a heat map colours by: detection rate (attack) or honest named per run (organic). */
  value: number | null;
  attack: boolean;
}

export const HEADLINE_LEGEND = {
  attack: 'attack scenarios: detected (symbol-only when the rule names no account) · detected before harm · honest accounts named per run (mean over seeds)',
  organic: 'organic scenarios: honest accounts named per run · alerts per market-day after the warm-up (means over seeds)',
};

export function headline(cell: CellAggregate | undefined, attack: boolean): Headline {
  if (cell === undefined) return { text: DASH, value: null, attack };
  if (attack) {
    // A symbol-level rule names no account, so it never "detects"; say when it flagged the symbol.
    const symbolOnly = cell.detection.successes === 0 && cell.detectionSymbolOnly.successes > 0 ? ` (symbol-only ${fmtRate(cell.detectionSymbolOnly.rate)})` : '';
    return {
      text: `${fmtRate(cell.detection.rate)}${symbolOnly} · ${fmtRate(cell.beforeHarm.rate)} · ${fmtNumber(cell.honestNamed.mean)} honest`,
      value: cell.detection.rate,
      attack,
    };
  }
  return {
    text: `${fmtNumber(cell.honestNamed.mean)} honest · ${fmtNumber(cell.storyAlertsPerMarketDay.mean)}/d`,
    value: cell.honestNamed.mean,
    attack,
  };
}

/** Cells by `rule\0scenario`. */
export function cellIndex(results: SuiteResults): Map<string, CellAggregate> {
  return new Map(results.cells.map((c) => [`${c.rule}\0${c.scenario}`, c]));
}

export const cellKey = (rule: string, scenario: string) => `${rule}\0${scenario}`;

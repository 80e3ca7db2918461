/**
 * What a composite alert shows: its evidence (the contributing alerts, then
 * their own evidence) and its explanation (each rule's score, weight and age,
 * and the combination against the threshold). Kept apart from the combining
 * in composite.ts: it only reads the strongest combination of the batch.
 */
import type { CompositeParams } from './composite-params.js';
import type { Combined } from './composite-state.js';

const MAX_EVIDENCE = 20;

/** Sequence numbers behind an alert: the contributing alerts first, then their evidence, at most MAX_EVIDENCE, in order. */
export function compositeEvidence(top: Combined): number[] {
  const evidence: number[] = [];
  for (const h of top.hits) if (evidence.length < MAX_EVIDENCE && !evidence.includes(h.seq)) evidence.push(h.seq);
  for (const h of top.hits) {
    for (const e of h.evidence) if (evidence.length < MAX_EVIDENCE && !evidence.includes(e)) evidence.push(e);
  }
  return evidence.sort((a, b) => a - b);
}

/** The alert's sentence: who was named, by how many rules, each rule's part, and the combined score. */
export function compositeExplanation(top: Combined, accounts: number[], symbol: string, t: number, p: CompositeParams): string {
  const parts = top.hits.map(
    (h) =>
      `${h.rule.rule} ${h.score.toFixed(2)} x weight ${h.rule.weight}` +
      (top.cross.has(h.rule.rule) ? ` x ${p.crossAccountWeight} (named other accounts on ${symbol})` : h.rule.context ? ' (context)' : '') +
      `, ${((t - h.t) / 1000).toFixed(0)} s ago`,
  );
  const who =
    accounts.length === 1
      ? `account ${accounts[0]}`
      : `${accounts.length} accounts (${accounts.slice(0, 10).join(', ')}${accounts.length > 10 ? ', ...' : ''}), the strongest`;
  return (
    `${who} named by ${top.rules} independent rule${top.rules === 1 ? '' : 's'} within ${(p.windowMs / 60_000).toFixed(0)} min: ` +
    `${parts.join('; ')}; combined ${top.score.toFixed(2)} (threshold ${p.threshold})`
  );
}

/**
 * What `surveil check` prints: every changed metric with before, after and
 * delta (regressions first), improvements with the command that blesses them,
 * and, under GitHub Actions, workflow annotations.
 */
import type { BaselineDiff, MetricChange, SuiteResults } from '../../evaluate/index.js';

// Full precision: runs are exact, so a change in the 7th digit is still a change worth seeing.
const num = (x: number | null) => (x === null ? 'none' : String(x));
const signed = (x: number | null) => (x === null ? '' : ` (${x > 0 ? '+' : ''}${num(x)})`);
const describe = (c: MetricChange) => `${c.key}: ${num(c.before)} -> ${num(c.after)}${signed(c.delta)}`;

export function checkText(diff: BaselineDiff, results: SuiteResults, blessCommand: string): string {
  const out: string[] = [];
  const bad = diff.changes.filter((c) => c.kind === 'regressed' || c.kind === 'removed');
  const good = diff.changes.filter((c) => c.kind === 'improved');
  const added = diff.changes.filter((c) => c.kind === 'added');
  out.push(`baseline: ${diff.compared} metric(s) compared, ${bad.length} regression(s), ${good.length} improvement(s), ${added.length} new`);
  for (const c of bad) out.push(`  REGRESSED  ${describe(c)}${c.kind === 'removed' ? ' (no longer measured)' : ''}`);
  for (const c of good) out.push(`  improved   ${describe(c)}`);
  for (const c of added) out.push(`  new        ${describe(c)}`);
  if (good.length + added.length > 0 || bad.length > 0) out.push(`to accept these numbers as the new baseline: ${blessCommand}`);
  const failed = results.gates.filter((g) => !g.pass);
  out.push(`gates: ${results.gates.length - failed.length}/${results.gates.length} pass`);
  for (const g of failed) out.push(`  ${g.level === 'error' ? 'FAIL' : 'warn'}  ${g.name}: ${g.detail}`);
  return `${out.join('\n')}\n`;
}

/** `::error`/`::warning`/`::notice` workflow commands (GitHub escapes: %, CR, LF). */
export function githubAnnotations(diff: BaselineDiff, results: SuiteResults): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escProp = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const lines: string[] = [];
  for (const g of results.gates.filter((x) => !x.pass)) {
    lines.push(`::${g.level === 'error' ? 'error' : 'warning'} title=${escProp(`gate ${g.name}`)}::${esc(g.detail)}`);
  }
  for (const c of diff.changes) {
    const level = c.kind === 'regressed' || c.kind === 'removed' ? 'error' : 'notice';
    lines.push(`::${level} title=${escProp(`${c.kind}: ${c.metric}`)}::${esc(describe(c))}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * The Markdown report: fits a pull-request comment or a GitHub job summary.
 * Verdict first (with the failed gates), then the rule x scenario table (and
 * a compact response-policy table when the suite has policies), then
 * the changed metrics when a baseline diff is given (regressions first), and
 * everything else folded in `<details>`. Kept under GitHub's 65,536-character
 * comment limit, counted in UTF-8 bytes to be safe whichever way it is
 * counted: past it the text is cut at a line and a note says so.
 */
import { gateSubject } from './tables.js';
import type { BaselineDiff, SuiteResults } from '../evaluate/index.js';
import { HEADLINE_LEGEND } from './cells.js';
import { escapeMarkdown } from './escape.js';
import { policyCompactTable, policyScenarioTable, policyTable } from './policies.js';
import { DEFAULT_BLESS_COMMAND, type ReportOptions, VERDICT_TEXT } from './options.js';
import { baselineLine, changesTable, gatesTable, kindLabel, mainTable, orderedChanges, ruleSummaryTable, scenarioTable, seedsTable, type Table } from './tables.js';

/** GitHub's limit for a comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What the report aims at: the limit with room for a bot's own header. */
const BUDGET = GITHUB_COMMENT_LIMIT - 1_536;

const VERDICT_ICON = { pass: '✅', warn: '⚠️', fail: '❌' } as const;

/** A GitHub-flavoured Markdown table; every cell escaped. */
export function markdownTable(t: Table): string {
  const row = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${t.align.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const head = t.head.map((h, k) => (t.groups?.[k] ? `${t.groups[k]}: ${h}` : h));
  return [row(head), rule, ...t.rows.map(row)].join('\n');
}

function details(summary: string, body: string): string {
  return `<details>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function verdictSection(results: SuiteResults, diff: BaselineDiff | null | undefined): string {
  const failed = results.gates.filter((g) => !g.pass);
  const errors = failed.filter((g) => g.level === 'error');
  const warns = failed.filter((g) => g.level === 'warn');
  const counts = `${results.matrix.scenarios.length} scenarios × ${results.matrix.seeds.length} seeds × ${results.matrix.rules.length} rules, ${results.runs.length} runs`;
  const shard = results.shard === null ? '' : ` (shard ${results.shard.index}/${results.shard.count})`;
  const lines = [
    `## ${VERDICT_ICON[results.verdict]} ${VERDICT_TEXT[results.verdict]}: ${escapeMarkdown(results.suite.name)}`,
    '',
    `${results.gates.length - failed.length}/${results.gates.length} gates pass · ${counts}${shard}`,
  ];
  if (diff) lines.push('', baselineLine(diff));
  if (failed.length > 0) {
    lines.push('');
    const item = (g: (typeof failed)[number]) => `- **${g.level}** ${escapeMarkdown(g.name)} (${escapeMarkdown(gateSubject(g))}): ${escapeMarkdown(g.detail)}`;
    lines.push(...errors.map(item), ...warns.map(item));
  }
  return lines.join('\n');
}

function diffSection(diff: BaselineDiff, options: ReportOptions): string {
  const { regressions, improvements, added } = orderedChanges(diff);
  if (diff.changes.length === 0) return `### Baseline\n\nNo metric changed (${diff.compared} compared).`;
  const parts = [`### Changed against the baseline: ${diff.regressions} regressed, ${diff.improvements} improved (${diff.compared} compared)`];
  if (regressions.length > 0) parts.push(`**Regressions**\n\n${markdownTable(changesTable(regressions))}`);
  if (improvements.length > 0) parts.push(`**Improvements**\n\n${markdownTable(changesTable(improvements))}`);
  if (added.length > 0) parts.push(`**New metrics**\n\n${markdownTable(changesTable(added))}`);
  const bless = options.blessCommand ?? DEFAULT_BLESS_COMMAND;
  // A command is shown in a fenced block: backticks inside it would end the fence, so they are dropped.
  parts.push(`If these changes are intended, bless them as the new baseline:\n\n\`\`\`sh\n${bless.replace(/`/g, '').replace(/\r?\n/g, ' ')}\n\`\`\``);
  return parts.join('\n\n');
}

function policiesSection(results: SuiteResults): string {
  return `### Response policies\n\n${markdownTable(policyCompactTable(results))}\n\n<sub>Means per run: attack columns over the attack scenarios' runs, honest restrictions over the organic ones; prevented is against \`none\` at the same seed (share of none's proceeds). Victims protected: key revoked; restricted: their own funds held.</sub>`;
}

/** UTF-8 bytes of a string: the budget is kept in bytes, which also keeps it in characters. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else n += 3;
  }
  return n;
}

/** Cuts text to the budget (UTF-8 bytes) at a line boundary, closes open `<details>`, and says what was cut. */
export function fitToBudget(text: string, budget: number, note: string): string {
  if (utf8Length(text) <= budget) return text;
  const room = budget - utf8Length(note) - 300;
  let cut = 0;
  let used = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    used += utf8Length(text.slice(cut, at + 1));
    if (used > room) break;
    cut = at + 1;
  }
  let kept = text.slice(0, cut).replace(/\n$/, '');
  // A cut inside a fenced block would swallow what follows: close it.
  if ((kept.match(/^```/gm) ?? []).length % 2 === 1) kept += '\n```';
  const open = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  const omitted = text.length - cut;
  return `${kept}\n\n> **Truncated:** ${omitted} more characters did not fit in a GitHub comment. ${note}\n${'\n</details>'.repeat(Math.max(0, open))}\n`;
}

/** The Markdown report (module header). Deterministic: same results and options, same text. */
export function renderMarkdown(results: SuiteResults, options: ReportOptions = {}): string {
  const sections: string[] = [verdictSection(results, options.diff)];
  if (results.suite.description.trim() !== '') sections.push(`> ${escapeMarkdown(results.suite.description.trim())}`);
  sections.push(`### Rules × scenarios\n\n${markdownTable(mainTable(results))}\n\n<sub>${HEADLINE_LEGEND.attack}; ${HEADLINE_LEGEND.organic}. ROC AUC: attack runs against organic runs by the rule's highest alert score.</sub>`);
  if (results.matrix.policies.length > 0) sections.push(policiesSection(results));
  if (options.diff) sections.push(diffSection(options.diff, options));
  if (options.htmlPath !== undefined) sections.push(`Charts and full tables: \`${options.htmlPath.replace(/`/g, '')}\``);
  sections.push(details('Per-rule separability and pooled summaries', markdownTable(ruleSummaryTable(results))));
  if (results.gates.length > 0) sections.push(details(`Gates (${results.gates.length})`, markdownTable(gatesTable(results))));
  sections.push(
    details(
      'Per-scenario detail with 95% intervals',
      results.matrix.scenarios.map((s) => `#### ${escapeMarkdown(s.name)} (${kindLabel(s.attack)})\n\n${markdownTable(scenarioTable(results, s.name, s.attack))}`).join('\n\n'),
    ),
  );
  if (results.matrix.policies.length > 0) {
    sections.push(
      details(
        'Response policies in full, and per scenario',
        `${markdownTable(policyTable(results))}\n\n#### Policy × scenario\n\n${markdownTable(policyScenarioTable(results))}`,
      ),
    );
  }
  sections.push(details(`Seeds and runs (${results.runs.length})`, `Seeds: ${results.matrix.seeds.join(', ')}\n\n${markdownTable(seedsTable(results))}`));
  const text = `${sections.join('\n\n')}\n`;
  const where = options.htmlPath !== undefined ? `See \`${options.htmlPath.replace(/`/g, '')}\` for everything.` : 'See report.html for everything.';
  return fitToBudget(text, BUDGET, where);
}

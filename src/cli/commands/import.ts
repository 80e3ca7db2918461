import type { Argv } from 'yargs';
import { IMPORT_FORMAT_NAMES } from '../../io/index.js';
import { importJson, runImport, type ImportOutcome } from '../import-run.js';

/** The human summary: what was read, what was written, what the reader must know. */
function summaryText(o: ImportOutcome): string {
  const h = o.header;
  const lines = [
    `format    ${o.format}`,
    `files     ${h.source.files.join(' ')}`,
    `symbol    ${h.symbol}  tick ${h.tickSize} (${h.grid.tick})  lot ${h.lotSize} (${h.grid.lot})`,
    `time      ${h.timeIsSequence ? 'the data has no timestamps: t counts messages (timeIsSequence), not milliseconds' : `t = 0 at ${new Date(h.origin).toISOString()} (unix ms ${h.origin})`}`,
    `rows      ${o.report.rows} read, ${o.report.skipped.count} skipped`,
  ];
  for (const p of o.report.skipped.problems()) lines.push(`  skipped ${p.rows} x ${p.problem}`);
  for (const e of o.report.skipped.examples) lines.push(`  e.g. ${e.message}`);
  lines.push(`events    ${o.events} written: ${Object.entries(o.byType).map(([t, n]) => `${n} ${t}`).join(', ')}`);
  lines.push(`capabilities  ${h.capabilities.length === 0 ? '(none)' : h.capabilities.join(', ')}`);
  const checks = Object.entries(o.report.checks);
  if (checks.length > 0) lines.push(`checks    ${checks.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const p of o.report.problems) lines.push(`  problem: ${p}`);
  for (const n of h.notes) lines.push(`note      ${n}`);
  lines.push(`log       ${o.log}`, `sha256    ${o.sha256}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `surveil import <format> <files...> --out DIR [--skip-bad-rows] [--symbol S] [--tick T] [--lot L] [--json]`:
 * real market data to an event log that `surveil eval DIR` reads.
 */
export function importCommand(y: Argv): Argv {
  return y.command(
    'import <format> <files..>',
    'turn real market data files into an event log (events.jsonl) that surveil eval can read',
    (c) =>
      c
        .positional('format', { type: 'string', choices: IMPORT_FORMAT_NAMES, demandOption: true })
        .positional('files', { type: 'string', array: true, demandOption: true })
        .option('out', { type: 'string', demandOption: true, describe: 'folder to write events.jsonl and import.json into' })
        .option('skip-bad-rows', { type: 'boolean', default: false, describe: 'skip rows that do not parse (counted, with examples) instead of failing' })
        .option('symbol', { type: 'string', describe: 'BASE/QUOTE (default: from the data or the file name)' })
        .option('tick', { type: 'string', describe: 'price step (default: finest price in the head of the file, or the format\'s own)' })
        .option('lot', { type: 'string', describe: 'quantity step (default: finest quantity in the head of the file, or the format\'s own)' })
        .option('json', { type: 'boolean', default: false, describe: 'print import.json instead of the summary' }),
    async (args) => {
      const outcome = await runImport(args.format, args.files, args.out, {
        symbol: args.symbol,
        tick: args.tick,
        lot: args.lot,
        skipBadRows: args['skip-bad-rows'],
      });
      process.stdout.write(args.json ? `${JSON.stringify(importJson(outcome))}\n` : summaryText(outcome));
    },
  );
}

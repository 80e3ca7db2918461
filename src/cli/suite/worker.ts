/**
 * A worker thread of `surveil compare`: loads the suite itself, then runs the
 * cells it is sent, one at a time, and posts each result back. Results are
 * plain data (structured clone), so the main thread sees exactly what it
 * would have computed itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Cell, prepareSuite } from './prepare.js';
import { runCell } from './run-cell.js';

const { suiteFile } = workerData as { suiteFile: string };
const prepared = await prepareSuite(suiteFile);
const { matrix, rules } = prepared;

parentPort!.on('message', (cell: Cell | null) => {
  if (cell === null) {
    parentPort!.close();
    return;
  }
  try {
    const s = matrix.scenarios[cell.scenario]!;
    parentPort!.postMessage({ cell, result: runCell(s.label, s.scenario, cell.seed, rules, matrix.suppressMs, cell.series, prepared) });
  } catch (e) {
    parentPort!.postMessage({ cell, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort!.postMessage({ ready: true });

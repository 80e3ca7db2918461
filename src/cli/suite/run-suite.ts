/**
 * Runs a suite's cells, inline (`-j1`) or on worker threads, and collects the
 * results in matrix order whatever order they finish in, so the output does
 * not depend on the number of workers.
 */
import { Worker } from 'node:worker_threads';
import type { Alert } from '../../detect/index.js';
import type { ScenarioSeries, SuiteRun } from '../../evaluate/index.js';
import type { Cell, PreparedSuite } from './prepare.js';
import { type CellResult, runCell } from './run-cell.js';

export interface SuiteRunOutput {
  runs: SuiteRun[];
  series: ScenarioSeries[];
  /** Alerts per run, in matrix order: `scenario#seed` and the alert. */
  alerts: { run: string; alert: Alert }[];
}

export interface RunSuiteOptions {
  jobs: number;
  /** Called after each finished cell. */
  progress?: (done: number, total: number) => void;
}

export async function runSuite(suiteFile: string, prepared: PreparedSuite, cells: readonly Cell[], options: RunSuiteOptions): Promise<SuiteRunOutput> {
  const results = new Array<CellResult>(cells.length);
  const { matrix, rules } = prepared;
  const jobs = Math.max(1, Math.min(options.jobs, cells.length));
  if (jobs === 1) {
    cells.forEach((cell, i) => {
      const s = matrix.scenarios[cell.scenario]!;
      results[i] = runCell(s.label, s.scenario, cell.seed, rules, matrix.suppressMs, cell.series, prepared);
      options.progress?.(i + 1, cells.length);
    });
  } else {
    await runOnWorkers(suiteFile, cells, jobs, results, options.progress);
  }
  return {
    runs: results.map((r) => r.run),
    series: results.flatMap((r) => (r.series === null ? [] : [r.series])),
    alerts: results.flatMap((r) => r.alerts.map((alert) => ({ run: `${r.run.scenario}#${r.run.seed}`, alert }))),
  };
}

function runOnWorkers(suiteFile: string, cells: readonly Cell[], jobs: number, results: CellResult[], progress?: (done: number, total: number) => void): Promise<void> {
  const position = new Map(cells.map((c, i) => [c.index, i]));
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => w.postMessage(next < cells.length ? cells[next++] : null);
    for (let j = 0; j < jobs; j++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { suiteFile } });
      workers.push(w);
      w.on('message', (m: { ready?: true; cell?: Cell; result?: CellResult; error?: string }) => {
        if (m.ready) return feed(w);
        if (m.error !== undefined) return fail(new Error(`cell ${m.cell?.index}: ${m.error}`));
        results[position.get(m.cell!.index)!] = m.result!;
        done++;
        progress?.(done, cells.length);
        if (done === cells.length) {
          for (const x of workers) x.postMessage(null);
          resolve();
        } else feed(w);
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0 && done < cells.length) fail(new Error(`a worker stopped with exit code ${code}`));
      });
    }
  });
}

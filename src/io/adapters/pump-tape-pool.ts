/**
 * Reading many pump-trade files on several cores: each file is parsed whole by
 * one worker thread (csv-parse is most of the cost and runs on one core per
 * file), and the tapes come back in the order of `paths`, whatever order the
 * workers finish in, so the result equals reading the files one by one.
 */
import { Worker } from 'node:worker_threads';
import type { TradeTape } from '../../core/index.js';
import { DataFormatError } from './data-format-error.js';
import { newPumpTradesStats, type PumpTradesStats } from './pump-trade-rows.js';
import { loadPumpTape } from './pump-trades.js';

export interface LoadedTapes {
  tapes: TradeTape[];
  /** Row counts summed over the files. */
  stats: PumpTradesStats;
}

type Reply =
  | { index: number; tape: TradeTape; stats: PumpTradesStats }
  | { index: number; error: { file: string; row: number; column: string | null; problem: string } | { message: string } };

/**
 * @param jobs - worker threads; 1 reads in this thread
 * @param progress - called after each file with the number of files read
 * @throws DataFormatError of the first bad file in `paths` order that a worker reported
 */
export async function loadPumpTapes(paths: readonly string[], jobs: number, progress?: (done: number) => void): Promise<LoadedTapes> {
  const stats = newPumpTradesStats();
  const tapes = new Array<TradeTape>(paths.length);
  const add = (s: PumpTradesStats) => {
    stats.rows += s.rows;
    stats.duplicates += s.duplicates;
    stats.kept += s.kept;
  };
  const threads = Math.max(1, Math.min(jobs, paths.length));
  if (threads === 1) {
    for (const [i, path] of paths.entries()) {
      const s = newPumpTradesStats();
      tapes[i] = await loadPumpTape(path, { stats: s });
      add(s);
      progress?.(i + 1);
    }
    return { tapes, stats };
  }
  await new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => w.postMessage(next < paths.length ? { index: next, path: paths[next++] } : null);
    for (let j = 0; j < threads; j++) {
      const w = new Worker(new URL('./pump-tape-worker.js', import.meta.url));
      workers.push(w);
      w.on('message', (m: Reply) => {
        if ('error' in m) {
          const e = m.error;
          return fail('problem' in e ? new DataFormatError(e.file, e.row, e.column, e.problem) : new Error(`${paths[m.index]}: ${e.message}`));
        }
        tapes[m.index] = m.tape;
        add(m.stats);
        done++;
        progress?.(done);
        if (done === paths.length) {
          for (const x of workers) x.postMessage(null);
          resolve();
        } else feed(w);
      });
      w.on('error', fail);
      feed(w);
    }
  });
  return { tapes, stats };
}

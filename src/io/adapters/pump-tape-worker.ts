/**
 * A worker thread of {@link loadPumpTapes}: reads the pump-trade files it is
 * sent, one at a time, and posts back each tape (its arrays transferred, not
 * copied) with the file's row counts, or the file's format error.
 */
import { parentPort } from 'node:worker_threads';
import { DataFormatError } from './data-format-error.js';
import { newPumpTradesStats } from './pump-trade-rows.js';
import { loadPumpTape } from './pump-trades.js';

parentPort!.on('message', async (job: { index: number; path: string } | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  const stats = newPumpTradesStats();
  try {
    const tape = await loadPumpTape(job.path, { stats });
    // The tape's arrays are fresh slices (loadPumpTape trims them), so their buffers are plain ArrayBuffers to move.
    const buffers = [tape.t.buffer, tape.price.buffer, tape.qty.buffer, tape.buy.buffer] as ArrayBuffer[];
    parentPort!.postMessage({ index: job.index, tape, stats }, buffers);
  } catch (e) {
    const error =
      e instanceof DataFormatError
        ? { file: e.file, row: e.row, column: e.column, problem: e.problem }
        : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    parentPort!.postMessage({ index: job.index, error });
  }
});

/** Shared measuring helpers for the benchmarks: medians and settled heap readings. */
import { setTimeout as sleep } from 'node:timers/promises';

export type Gc = () => void;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Bytes in use (V8 heap + ArrayBuffer backing stores) after full collections.
 * Collected three times with a pause in between, because ArrayBuffer memory is
 * released by a concurrent sweeper after the collection that found it dead.
 */
export async function settleHeap(gc: Gc): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

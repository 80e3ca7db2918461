/**
 * LOBSTER input, good and bad, in small generated files: the accepted
 * variations (CRLF, blank lines, no final newline, gzip, quoted numbers, very
 * long digit strings) give the same events as the plain file, and every bad
 * cell is a DataFormatError naming file, line and column, with --skip-bad-rows
 * skipping and counting it instead. Pins the behaviour the reader must keep
 * whatever way it splits lines and fields.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDir } from './fixtures.js';
import { failure, importInMemory } from './import-helpers.js';

const tmp = useTempDir();

const MESSAGES = ['34200.1,1,1,10,1000,1', '34200.2,1,2,5,1010,-1', '34200.25,3,1,10,1000,1', '34200.3,1,3,7,990,1'];
const BOOK = ['9999999999,0,1000,10', '1010,5,1000,10', '1010,5,-9999999999,0', '1010,5,990,7'];
const COLUMNS = 'time,type,order_id,size,price,direction';

/** Writes a message and an orderbook file named as LOBSTER names them; returns their paths. */
async function files(name: string, messages: string | Buffer, book: string | Buffer): Promise<[string, string]> {
  const m = join(tmp.path, `XYZ_2012-06-21_34200000_57600000_message_${name}.csv`);
  const b = join(tmp.path, `XYZ_2012-06-21_34200000_57600000_orderbook_${name}.csv`);
  await writeFile(m, messages);
  await writeFile(b, book);
  return [m, b];
}

/** The messages with line `i` (0-based) replaced. */
const withMessage = (i: number, line: string) => MESSAGES.map((l, k) => (k === i ? line : l)).join('\n');
const withBook = (i: number, line: string) => BOOK.map((l, k) => (k === i ? line : l)).join('\n');

describe('LOBSTER input', () => {
  it('CRLF, blank lines, no final newline, gzip, quoted and long-written numbers read as the plain file', async () => {
    const plain = await importInMemory('lobster', await files('plain', `${MESSAGES.join('\n')}\n`, `${BOOK.join('\n')}\n`));
    expect(plain.report.rows).toBe(4);
    expect(plain.report.problems).toEqual([]);
    const variants: [string, string | Buffer, string | Buffer][] = [
      ['crlf', `${MESSAGES.join('\r\n')}\r\n`, `${BOOK.join('\r\n')}\r\n`],
      ['blank', `\n${MESSAGES.join('\n\n')}\n\n`, `${BOOK.join('\n')}\n`],
      ['nonl', MESSAGES.join('\n'), BOOK.join('\n')],
      ['gzip', gzipSync(MESSAGES.join('\n')), gzipSync(BOOK.join('\n'))],
      ['quoted', MESSAGES.map((l) => l.replace(',10,', ',"10",')).join('\n'), BOOK.map((l) => `"${l.replaceAll(',', '","')}"`).join('\n')],
      ['long', withMessage(1, '34200.2000000000000,1,0000000000000000002,5,1010,-0000000000000000001'), BOOK.join('\n')],
    ];
    for (const [name, m, b] of variants) {
      const r = await importInMemory('lobster', await files(name, m, b));
      expect(r.report.rows, name).toBe(4);
      expect(r.events, name).toEqual(plain.events);
    }
  });

  it('a bad cell names file, line and column; --skip-bad-rows skips the row pair and counts it', async () => {
    // [name, messages, orderbook, row, column, problem]; the bad file is the one that differs from the good one.
    const cases: [string, string, string, number, string | null, string][] = [
      ['time2dots', withMessage(2, '34200.2.5,3,1,10,1000,1'), BOOK.join('\n'), 3, 'time', '"34200.2.5" is not seconds after midnight'],
      ['timedot', withMessage(2, '34200.,3,1,10,1000,1'), BOOK.join('\n'), 3, 'time', '"34200." is not seconds after midnight'],
      ['timeback', withMessage(2, '34200.1999,3,1,10,1000,1'), BOOK.join('\n'), 3, 'time', 'time goes back (34200199 ms after 34200200 ms)'],
      ['timeempty', withMessage(1, ',1,2,5,1010,-1'), BOOK.join('\n'), 2, 'time', '"" is not seconds after midnight'],
      ['typex', withMessage(1, '34200.2,x,2,5,1010,-1'), BOOK.join('\n'), 2, 'type', '"x" is not a whole number'],
      ['type9', withMessage(1, '34200.2,9,2,5,1010,-1'), BOOK.join('\n'), 2, 'type', 'message type 9 is not 1-7'],
      ['idfrac', withMessage(1, '34200.2,1,2.5,5,1010,-1'), BOOK.join('\n'), 2, 'order_id', '"2.5" is not a whole number'],
      ['idzero', withMessage(1, '34200.2,1,0,5,1010,-1'), BOOK.join('\n'), 2, 'order_id', 'order id 0 must be positive'],
      ['sizeneg', withMessage(1, '34200.2,1,2,-5,1010,-1'), BOOK.join('\n'), 2, 'size', 'size -5 must be positive'],
      ['sizeplus', withMessage(1, '34200.2,1,2,+5,1010,-1'), BOOK.join('\n'), 2, 'size', '"+5" is not a whole number'],
      ['sizespace', withMessage(1, '34200.2,1,2, 5,1010,-1'), BOOK.join('\n'), 2, 'size', '" 5" is not a whole number'],
      ['priceabc', withMessage(1, '34200.2,1,2,5,abc,-1'), BOOK.join('\n'), 2, 'price', '"abc" is not a whole number'],
      ['priceutf8', withMessage(1, '34200.2,1,2,5,1é0,-1'), BOOK.join('\n'), 2, 'price', '"1é0" is not a whole number'],
      ['dir0', withMessage(1, '34200.2,1,2,5,1010,0'), BOOK.join('\n'), 2, 'direction', 'direction 0 is not 1 or -1'],
      ['cols5', withMessage(1, '34200.2,1,2,5,1010'), BOOK.join('\n'), 2, null, `5 columns, expected 6 (${COLUMNS})`],
      ['cols7', withMessage(1, '34200.2,1,2,5,1010,-1,'), BOOK.join('\n'), 2, null, `7 columns, expected 6 (${COLUMNS})`],
      ['spaces', withMessage(1, '   '), BOOK.join('\n'), 2, null, `1 columns, expected 6 (${COLUMNS})`],
      ['bom', `\uFEFF${MESSAGES.join('\n')}`, BOOK.join('\n'), 1, 'time', '"\uFEFF34200.1" is not seconds after midnight'],
      ['bookcols', MESSAGES.join('\n'), withBook(2, '1010,5,-9999999999'), 3, null, '3 columns, expected 4 (4 per level)'],
      ['bookfrac', MESSAGES.join('\n'), withBook(2, '1010,5.5,-9999999999,0'), 3, 'ask_size_1', '"5.5" is not a whole number'],
    ];
    for (const [name, m, b, row, column, problem] of cases) {
      const [mf, bf] = await files(name, m, b);
      const file = b === BOOK.join('\n') ? mf : bf;
      const e = await failure(importInMemory('lobster', [mf, bf]));
      expect(e.message, name).toBe(`${file}:${row}${column === null ? '' : ` column ${column}`}: ${problem}`);
      const skipped = await importInMemory('lobster', [mf, bf], { skipBadRows: true });
      expect(skipped.report.rows, name).toBe(4);
      expect(skipped.report.skipped.count, name).toBe(1);
      expect(skipped.report.skipped.examples[0]?.message, name).toBe(e.message);
    }
  });

  it('files that do not pair up, an empty orderbook file, a first row that is not 4 columns per level', async () => {
    const [m1, short] = await files('short', MESSAGES.join('\n'), BOOK.slice(0, 3).join('\n'));
    expect((await failure(importInMemory('lobster', [m1, short], { skipBadRows: true }))).message).toBe(`${short}:4: ends before ${m1} (which has a row 4)`);
    const [m2, long] = await files('long', MESSAGES.join('\n'), [...BOOK, '1,1,1,1'].join('\n'));
    expect((await failure(importInMemory('lobster', [m2, long]))).message).toBe(`${long}:5: has more rows than ${m2} (4)`);
    const [m3, book3] = await files('nomsg', '', BOOK.join('\n'));
    expect((await failure(importInMemory('lobster', [m3, book3]))).message).toBe(`${book3}:1: has more rows than ${m3} (0)`);
    const [m4, empty] = await files('nobook', MESSAGES.join('\n'), '');
    expect((await failure(importInMemory('lobster', [m4, empty]))).message).toBe(`${empty}:1: an orderbook row has 4 columns per level; found 0`);
    const [m5, six] = await files('six', MESSAGES.join('\n'), withBook(0, '9999999999,0,1000,10,1,2'));
    expect((await failure(importInMemory('lobster', [m5, six]))).message).toBe(`${six}:1: an orderbook row has 4 columns per level; found 6`);
  });

  it('an unclosed quote is an error naming the message file', async () => {
    const [m, b] = await files('quote', withMessage(1, '34200.2,1,"2,5,1010,-1'), BOOK.join('\n'));
    expect((await failure(importInMemory('lobster', [m, b]))).file).toBe(m);
  });
});

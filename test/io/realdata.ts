/**
 * Where the real public data lives for the replay tests: `../shared/realdata`
 * beside the project root (never copied into the project). When it is absent
 * the tests skip, unless SURVEIL_REALDATA=required, in which case they run and
 * fail on the missing files, so CI that promises the data cannot pass without it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const realdataDir = resolve(projectRoot, '../shared/realdata');

/** Absolute path of a file under realdata. */
export const realdata = (...parts: string[]) => join(realdataDir, ...parts);

export const realdataPresent = existsSync(realdataDir);

/** `describe`, skipped when the data is absent and not required. */
export const describeRealdata = describe.skipIf(!realdataPresent && process.env['SURVEIL_REALDATA'] !== 'required');

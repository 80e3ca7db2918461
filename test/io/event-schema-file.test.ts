import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventJsonSchema } from '../../src/core/index.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schema/events.schema.json', import.meta.url));

describe('schema/events.schema.json', () => {
  it('is the JSON Schema generated from src/core/events.ts', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    const generated = `${JSON.stringify(eventJsonSchema(), null, 2)}\n`;
    expect(
      committed,
      'schema/events.schema.json is out of date with src/core/events.ts; regenerate it: ' +
        'npm run build && node dist/src/cli/main.js schema events > schema/events.schema.json',
    ).toBe(generated);
  });
});

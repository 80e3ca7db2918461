/** Reading scenario files: strict schema, every problem at once with line and column. */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseYamlText, loadYamlFile, jsonSchemaFor } from './yaml-load.js';
import { scenarioSchema, type Scenario } from './schema.js';

export const SCENARIO_SCHEMA_ID = 'https://surveil.dev/schema/scenario.v1.json';

export function loadScenario(path: string): Scenario {
  return loadYamlFile(path, scenarioSchema);
}

export function parseScenario(text: string, fileName: string): Scenario {
  return parseYamlText(text, fileName, scenarioSchema);
}

/** JSON Schema of a scenario file, for editors (`# yaml-language-server: $schema=...`). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return jsonSchemaFor(scenarioSchema, SCENARIO_SCHEMA_ID, 'surveil scenario');
}

/** The scenario files in a folder (not its sub-folders), sorted by name. */
export function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

export const scenarioName = (file: string) => basename(file).replace(/\.ya?ml$/, '');

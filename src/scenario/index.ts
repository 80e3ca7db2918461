/** Public face of scenario/: scenario files, their schema, and compiling them to a simulation. */
export { scenarioSchema, type Scenario, type ScenarioInput } from './schema.js';
export { loadScenario, parseScenario, scenarioJsonSchema, scenarioFiles, scenarioName, SCENARIO_SCHEMA_ID } from './load.js';
export { compileScenario, type CompiledScenario, type DrawnScenario } from './compile.js';
export { ConfigError, type ConfigProblem, formatProblem } from './errors.js';
export { loadYamlFile, parseYamlText, jsonSchemaFor } from './yaml-load.js';
export { formatDuration, parseDuration } from './fields.js';
export { suiteSchema, SUITE_GATE_METRICS, type Suite, type DetectorCatalogue, type GateEntry } from './suite-schema.js';
export { loadSuite, suiteModules, suiteJsonSchema, SUITE_SCHEMA_ID, type SuiteMatrix } from './suite-load.js';
export { gridPoints, variantLabel, parseFieldPath, withField, POLICY_METRICS, type RuleSpec } from './suite-expand.js';

/** Public face of detect/: streaming rules over the event stream, and their runner. */
export { alertSchema, type Alert, type AlertDraft, type AlertSink } from './alert.js';
export { defineDetector, ALL_CAPABILITIES, type Capability, type Detector, type DetectorDefinition } from './detector.js';
export { DetectorRunner, type RuleConfig, type RuleStatus, type AlertListener } from './runner.js';
export { BUILT_IN_DETECTORS, DetectorRegistry, definitionProblem, type BuiltInDetectorName } from './registry.js';

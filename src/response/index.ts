/** Public face of response/: response policies applied inside a run (closed loop). */
export { policySchema, policySchemaFor, policyRules, ruleLabel, actionsFor, type ResponsePolicy, type ResponsePolicyInput, type RuleRef } from './policy.js';
export { ResponseEngine, type ResponseApi, type ResponseEngineOptions } from './engine.js';
export { ActionLog, type ActionKind, type ResponseAction } from './action-log.js';
export { truthReviewer, type Reviewer, type Verdict } from './reviewer.js';

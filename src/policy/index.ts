// The policy domain's public surface: load a policy, decide on servers and tools, redact and cap output.
export * from './policy-types.js';
export { loadPolicy, parsePolicyLayer, mergePolicy } from './load-policy.js';
export { policyFileSchema, type PolicyFile } from './policy-schema.js';
export { decideServer, decideTool, requiresApproval, type ApprovalDecision } from './tool-rules.js';
export {
  createRedactor,
  createBuiltinRedactRules,
  BUILTIN_REDACT_RULE_NAMES,
  KNOWN_SECRET_REPLACEMENT,
  MIN_KNOWN_SECRET_LENGTH,
  type Redactor,
  type RedactionResult,
} from './redact.js';
export {
  limitOutput,
  limitOutputSync,
  TRUNCATED_META_KEY,
  type LimitedOutput,
  type OutputLimits,
  type TruncationReport,
} from './limit-output.js';
export { loadTokenCounter, ESTIMATE_TOKEN_COUNTER, type TokenCounter } from './token-counter.js';

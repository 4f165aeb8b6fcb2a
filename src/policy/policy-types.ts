// The merged, ready-to-use policy and the decisions it gives. (Contract shared by the policy domain.)
import { CREDENTIAL_WORDS, type RedactRule } from '../redaction/index.js';

export interface GlobRules {
  /** Globs; undefined means "no allow list at this layer" (everything allowed by it). */
  allow?: string[];
  deny: string[];
}

/** One parsed policy file. */
export interface PolicyLayer {
  source: string;
  /** The user's own file, counted though it does not exist (see loadPolicy): it says nothing. */
  absent?: true;
  servers: GlobRules;
  /** Globs over `server::tool`. */
  tools: GlobRules;
  maxOutputBytes?: number;
  maxOutputTokens?: number;
  redact: RedactRule[];
  timeouts: { defaultMs?: number; maxMs?: number };
  /** Globs over `server::tool` whose calls need the user's approval (asked through MCP elicitation). */
  approval: string[];
  approvalTimeoutMs?: number;
  /** Globs over `server::tool` exposed directly beside the meta-tools in hybrid mode. */
  pinned: string[];
  gates: GateSettingsLayer;
  redactKeys: string[];
  audit?: boolean;
  mode?: PolicyMode;
  provisioning?: ProvisioningMode;
  searchLearn?: boolean;
}

export type PolicyMode = 'monitor' | 'enforce';

/** What the secrets gate does with a credential found in a tool's output. */
export type SecretGateAction = 'off' | 'redact' | 'block';
export const SECRET_GATE_ACTION_ORDER: readonly SecretGateAction[] = ['off', 'redact', 'block'];

export interface GateSettingsLayer {
  maxMessageBytes?: number;
  outputSchema?: boolean;
  secrets?: SecretGateAction;
  /** Calls per minute; 0 is off. */
  perSessionPerMinute?: number;
  perToolPerMinute?: number;
}

/** The gates every call passes (SPEC: message size, output schema, secrets, deny rules, rate limits). */
export interface GateSettings {
  maxMessageBytes: number;
  outputSchema: boolean;
  secrets: SecretGateAction;
  /** 0: no limit. */
  perSessionPerMinute: number;
  /** 0: no limit; counted per tool id over all sessions. */
  perToolPerMinute: number;
}

/**
 * May toolgate install servers? `off`: never; `ask` (default): only when gateway.provision is called;
 * `auto`: also when a tool of an uninstalled manifest server is invoked and no credential is missing.
 */
export type ProvisioningMode = 'off' | 'ask' | 'auto';
export const PROVISIONING_MODES: readonly ProvisioningMode[] = ['off', 'ask', 'auto'];
export const DEFAULT_PROVISIONING: ProvisioningMode = 'ask';

export type { RedactRule } from '../redaction/index.js';

/** All layers combined; layers only tighten (deny unions, every allow list must pass, caps take the minimum). */
export interface Policy {
  layers: PolicyLayer[];
  maxOutputBytes: number;
  maxOutputTokens: number;
  redact: RedactRule[];
  timeouts: { defaultMs: number; maxMs: number };
  approval: string[];
  approvalTimeoutMs: number;
  pinned: string[];
  gates: GateSettings;
  /** Argument keys whose values the audit log never writes (the defaults plus every file's). */
  redactKeys: string[];
  audit: boolean;
  mode: PolicyMode;
  provisioning: ProvisioningMode;
  /** Search learns words from searches followed by an invoke; off when any file says `search.learn: false`. */
  searchLearn: boolean;
}

export interface Decision {
  allowed: boolean;
  /** Human-readable: which rule of which file decided. */
  reason: string;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;
export const DEFAULT_MAX_OUTPUT_TOKENS = 50_000;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_TIMEOUT_MS = 10 * 60_000;
/** How long an approval question waits for the user's answer before it counts as a refusal. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
/** One JSON-RPC message (a call's arguments, or its result) larger than this fails the message-size gate. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Argument keys masked in audit lines: the credential words of the one secret-key rule (redaction/secret-key.ts). */
export const DEFAULT_REDACT_KEYS: readonly string[] = CREDENTIAL_WORDS;

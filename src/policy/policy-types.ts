// The merged, ready-to-use policy and the decisions it gives. (Contract shared by the policy domain.)

export interface GlobRules {
  /** Globs; undefined means "no allow list at this layer" (everything allowed by it). */
  allow?: string[];
  deny: string[];
}

/** One parsed policy file. */
export interface PolicyLayer {
  source: string;
  servers: GlobRules;
  /** Globs over `server::tool`. */
  tools: GlobRules;
  maxOutputBytes?: number;
  maxOutputTokens?: number;
  redact: RedactRule[];
  timeouts: { defaultMs?: number; maxMs?: number };
  /** Globs over `server::tool` whose calls need user approval (used by a later issue). */
  approval: string[];
  mode?: 'monitor' | 'enforce';
  provisioning?: ProvisioningMode;
}

/**
 * May toolgate install servers? `off`: never; `ask` (default): only when gateway.provision is called;
 * `auto`: also when a tool of an uninstalled manifest server is invoked and no credential is missing.
 */
export type ProvisioningMode = 'off' | 'ask' | 'auto';
export const PROVISIONING_MODES: readonly ProvisioningMode[] = ['off', 'ask', 'auto'];
export const DEFAULT_PROVISIONING: ProvisioningMode = 'ask';

export interface RedactRule {
  name: string;
  /** Compiled with the `g` flag added. */
  pattern: RegExp;
  replacement: string;
}

/** All layers combined; layers only tighten (deny unions, every allow list must pass, caps take the minimum). */
export interface Policy {
  layers: PolicyLayer[];
  maxOutputBytes: number;
  maxOutputTokens: number;
  redact: RedactRule[];
  timeouts: { defaultMs: number; maxMs: number };
  approval: string[];
  mode: 'monitor' | 'enforce';
  provisioning: ProvisioningMode;
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

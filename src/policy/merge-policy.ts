// Combines policy layers into one Policy, where each layer can only tighten what the others allow.
import { createBuiltinRedactRules } from '../redaction/index.js';
import {
  DEFAULT_PROVISIONING,
  PROVISIONING_MODES,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_MAX_OUTPUT_TOKENS,
  DEFAULT_MAX_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_APPROVAL_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_REDACT_KEYS,
  SECRET_GATE_ACTION_ORDER,
  type GateSettings,
  type SecretGateAction,
  type Policy,
  type PolicyLayer,
  type ProvisioningMode,
} from './policy-types.js';

/**
 * Layers are in reading order (toolgate home, then project, then `--policy`). Deny lists and
 * redaction rules add up; caps take the smallest value set; a name must pass every allow list.
 * The globs stay in `layers`, so that a decision can name the file that made it.
 */
export function mergePolicy(layers: readonly PolicyLayer[]): Policy {
  const maxMs = minOf(layers.map((layer) => layer.timeouts.maxMs)) ?? DEFAULT_MAX_TIMEOUT_MS;
  // The closest file's default wins (it knows its servers best), but it may not exceed any file's maximum.
  const defaultMs = lastOf(layers.map((layer) => layer.timeouts.defaultMs)) ?? DEFAULT_TIMEOUT_MS;
  return {
    layers: [...layers],
    maxOutputBytes: minOf(layers.map((layer) => layer.maxOutputBytes)) ?? DEFAULT_MAX_OUTPUT_BYTES,
    maxOutputTokens: minOf(layers.map((layer) => layer.maxOutputTokens)) ?? DEFAULT_MAX_OUTPUT_TOKENS,
    redact: [...createBuiltinRedactRules(), ...layers.flatMap((layer) => layer.redact)],
    timeouts: { defaultMs: Math.min(defaultMs, maxMs), maxMs },
    approval: [...new Set(layers.flatMap((layer) => layer.approval))],
    approvalTimeoutMs: minOf(layers.map((layer) => layer.approvalTimeoutMs)) ?? DEFAULT_APPROVAL_TIMEOUT_MS,
    pinned: [...new Set(layers.flatMap((layer) => layer.pinned))],
    gates: mergeGates(layers),
    redactKeys: [...new Set([...DEFAULT_REDACT_KEYS, ...layers.flatMap((layer) => layer.redactKeys)])],
    // Off only when every file says off: a file that says nothing keeps it on, so a project's file alone
    // cannot silence the record of a user's calls (the user's own file counts even when absent: loadPolicy).
    audit: !(layers.length > 0 && layers.every((layer) => layer.audit === false)),
    // Monitor only when every file chose monitor: a file that says nothing enforces, so one file (a
    // project's, say) cannot turn another's deny rules into log lines.
    mode: layers.length > 0 && layers.every((layer) => layer.mode === 'monitor') ? 'monitor' : 'enforce',
    provisioning: mostCautious(layers.map((layer) => layer.provisioning)),
    // Off when any file turns it off: a project may keep its searches out of the user's learned words.
    searchLearn: !layers.some((layer) => layer.searchLearn === false),
  };
}

function mergeGates(layers: readonly PolicyLayer[]): GateSettings {
  const gates = layers.map((layer) => layer.gates);
  const secrets = gates.map((gate) => gate.secrets).filter((value): value is SecretGateAction => value !== undefined);
  return {
    maxMessageBytes: minOf(gates.map((gate) => gate.maxMessageBytes)) ?? DEFAULT_MAX_MESSAGE_BYTES,
    // On unless every file turns it off (as audit and mode).
    outputSchema: !(gates.length > 0 && gates.every((gate) => gate.outputSchema === false)),
    // The strictest action any file asks for; `redact` when none says.
    secrets:
      secrets.length === 0
        ? 'redact'
        : (SECRET_GATE_ACTION_ORDER[Math.max(...secrets.map((value) => SECRET_GATE_ACTION_ORDER.indexOf(value)))] ??
          'redact'),
    perSessionPerMinute: minPositive(gates.map((gate) => gate.perSessionPerMinute)),
    perToolPerMinute: minPositive(gates.map((gate) => gate.perToolPerMinute)),
  };
}

/** The smallest limit set above 0; 0 (off) when none is. */
function minPositive(values: ReadonlyArray<number | undefined>): number {
  return minOf(values.map((value) => (value === 0 ? undefined : value))) ?? 0;
}

function minOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const set = values.filter((value): value is number => value !== undefined);
  return set.length === 0 ? undefined : Math.min(...set);
}

function lastOf(values: ReadonlyArray<number | undefined>): number | undefined {
  return values.findLast((value) => value !== undefined);
}

/** The most cautious setting any file made wins, so a project file cannot turn on installs the user turned off. */
function mostCautious(values: ReadonlyArray<ProvisioningMode | undefined>): ProvisioningMode {
  const set = values.filter((value): value is ProvisioningMode => value !== undefined);
  if (set.length === 0) return DEFAULT_PROVISIONING;
  return PROVISIONING_MODES[Math.min(...set.map((value) => PROVISIONING_MODES.indexOf(value)))] ?? DEFAULT_PROVISIONING;
}

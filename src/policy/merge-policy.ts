// Combines policy layers into one Policy, where each layer can only tighten what the others allow.
import { createBuiltinRedactRules } from './builtin-redact-rules.js';
import {
  DEFAULT_PROVISIONING,
  PROVISIONING_MODES,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_MAX_OUTPUT_TOKENS,
  DEFAULT_MAX_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
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
    // Monitor only when every file that chose a mode chose monitor: one file cannot loosen another.
    mode: layers.some((layer) => layer.mode === 'monitor') && !layers.some((layer) => layer.mode === 'enforce')
      ? 'monitor'
      : 'enforce',
    provisioning: mostCautious(layers.map((layer) => layer.provisioning)),
  };
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

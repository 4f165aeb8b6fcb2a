// The zod schema of one policy YAML file (snake_case keys, every level strict).
import { z } from 'zod';

// Strict at every level: a typo such as `deny_tools:` must fail loudly, since a silently ignored
// deny rule is a hole in the policy that nobody notices.

const glob = z
  .string()
  .min(1, { error: 'expected a non-empty glob' })
  .refine((value) => !value.startsWith('!'), {
    error: 'expected a glob without a leading "!" (negation is not supported; put the glob under deny instead)',
  });

export const globRulesSchema = z.strictObject({
  allow: z.array(glob).optional(),
  deny: z.array(glob).optional(),
});

/** Names end up in `[REDACTED:<name>]`, so they are kept to plain word characters. */
export const REDACT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const redactRuleSchema = z.strictObject({
  name: z.string().regex(REDACT_NAME_PATTERN, {
    error: 'expected a name of letters, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)',
  }),
  pattern: z.string().min(1, { error: 'expected a non-empty regular expression' }),
  // `g` is always added; `y` would make the pattern match only at the start, which is never meant here.
  flags: z
    .string()
    .regex(/^[dimsuv]*$/, { error: 'expected regex flags from "d", "i", "m", "s", "u", "v" ("g" is always added)' })
    .optional(),
  replacement: z.string().optional(),
});

const positiveInt = z.int().positive();

export const timeoutsSchema = z.strictObject({
  default_ms: positiveInt.optional(),
  max_ms: positiveInt.optional(),
});

/** Calls per minute; 0 turns the limit off. */
export const rateLimitSchema = z.strictObject({
  per_session: z.int().nonnegative().optional(),
  per_tool: z.int().nonnegative().optional(),
});

export const SECRET_GATE_ACTIONS = ['off', 'redact', 'block'] as const;

export const gatesSchema = z.strictObject({
  max_message_bytes: positiveInt.optional(),
  output_schema: z.boolean().optional(),
  secrets: z.enum(SECRET_GATE_ACTIONS).optional(),
  rate_limit: rateLimitSchema.optional(),
});

/** Argument keys are plain words; the audit log matches them whole, ignoring case. */
const redactKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'expected a key name of letters, digits, "_" or "-" (at most 64)' });

/** catalog_search: `learn: false` stops remembering a search's words for the tool invoked after it. */
const searchSchema = z.strictObject({ learn: z.boolean().optional() });

export const policyFileSchema = z.strictObject({
  mode: z.enum(['enforce', 'monitor']).optional(),
  servers: globRulesSchema.optional(),
  tools: globRulesSchema.optional(),
  max_output_bytes: positiveInt.optional(),
  max_output_tokens: positiveInt.optional(),
  redact: z
    .array(z.union([z.string().min(1, { error: 'expected a non-empty regular expression' }), redactRuleSchema]))
    .optional(),
  timeouts: timeoutsSchema.optional(),
  approval: z.array(glob).optional(),
  approval_timeout_ms: positiveInt.optional(),
  pinned: z.array(glob).optional(),
  gates: gatesSchema.optional(),
  redact_keys: z.array(redactKey).optional(),
  audit: z.boolean().optional(),
  provisioning: z.enum(['off', 'ask', 'auto']).optional(),
  search: searchSchema.optional(),
});

export type PolicyFile = z.infer<typeof policyFileSchema>;

/** The keys each strict object accepts, by its path with array indexes dropped; used to list them in errors. */
export const KNOWN_POLICY_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(policyFileSchema.shape),
  servers: Object.keys(globRulesSchema.shape),
  tools: Object.keys(globRulesSchema.shape),
  redact: Object.keys(redactRuleSchema.shape),
  timeouts: Object.keys(timeoutsSchema.shape),
  gates: Object.keys(gatesSchema.shape),
  'gates.rate_limit': Object.keys(rateLimitSchema.shape),
  search: Object.keys(searchSchema.shape),
};

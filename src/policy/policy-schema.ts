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
  provisioning: z.enum(['off', 'ask', 'auto']).optional(),
});

export type PolicyFile = z.infer<typeof policyFileSchema>;

/** The keys each strict object accepts, by its path with array indexes dropped; used to list them in errors. */
export const KNOWN_POLICY_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(policyFileSchema.shape),
  servers: Object.keys(globRulesSchema.shape),
  tools: Object.keys(globRulesSchema.shape),
  redact: Object.keys(redactRuleSchema.shape),
  timeouts: Object.keys(timeoutsSchema.shape),
};

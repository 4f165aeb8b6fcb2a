// The one error type of toolgate: a stable string code, a message, a hint, and the cause kept.

/** Stable codes callers may branch on. Never renamed; only added to. */
export const ERROR_CODES = [
  'TOOL_NOT_FOUND',
  'SERVER_NOT_FOUND',
  'INVALID_ARGUMENTS',
  'POLICY_DENIED',
  'GATE_FAILED',
  'APPROVAL_DENIED',
  'POLICY_INVALID',
  'CONFIG_INVALID',
  'MANIFEST_INVALID',
  'DOWNSTREAM_UNAVAILABLE',
  'DOWNSTREAM_TIMEOUT',
  'DOWNSTREAM_ERROR',
  'OUTPUT_TRUNCATED',
  'CANCELLED',
  'CALL_NOT_FOUND',
  'LOCK_HELD',
  'LISTEN_FAILED',
  'GATEWAY_NOT_RUNNING',
  'USAGE',
  'SERVER_NOT_INSTALLED',
  'CREDENTIAL_MISSING',
  'PROVISION_FAILED',
  'REGISTRY_UNAVAILABLE',
  'PROMPT_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface GatewayErrorOptions {
  /** What the caller should do next. */
  hint?: string;
  /** The underlying error, always kept for logs. */
  cause?: unknown;
  /** Extra machine-readable facts (a schema, the failing fields, a server name). Must hold no secrets. */
  details?: Record<string, unknown>;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The wire shape of SPEC: `{ code, message, hint, ...details }`. */
  toJSON(): { code: ErrorCode; message: string; hint?: string } & Record<string, unknown> {
    // Details first, so no detail can overwrite the code, message or hint.
    return {
      ...this.details,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/**
 * Turns anything thrown into a GatewayError. Unknown errors become INTERNAL with a generic
 * message so that internals (stack traces, paths, secrets in messages) never reach a client.
 */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('INTERNAL', 'toolgate hit an unexpected internal error.', {
    hint: 'Details are in TOOLGATE_HOME/logs/toolgate.jsonl; please report it with those lines.',
    cause: error,
  });
}

// Passes a failed call's error through the same redaction and output cap as a result, so that downstream
// text in an error (a JSON-RPC error message, stderr lines) never reaches the client verbatim.
import { GatewayError } from '../errors/index.js';
import { redactJson } from '../redaction/index.js';
import type { CallPolicy } from './call-policy.js';

/** A GatewayError with its message, hint and string details redacted and capped; anything else unchanged. */
export async function filterError(policy: CallPolicy, error: unknown): Promise<unknown> {
  if (!(error instanceof GatewayError)) return error;
  const filter = (text: string) => filterText(policy, text);
  const [message, hint, details] = await Promise.all([
    filter(error.message),
    error.hint === undefined ? undefined : filter(error.hint),
    error.details === undefined ? undefined : filterDetails(error.details, filter, (text) => policy.redact(text)),
  ]);
  if (message === error.message && hint === error.hint && details === error.details) return error;
  const filtered = new GatewayError(error.code, message, {
    cause: error,
    ...(hint === undefined ? {} : { hint }),
    ...(details === undefined ? {} : { details }),
  });
  filtered.name = error.name;
  return filtered;
}

/** Each text alone, so that a huge message cannot use up the budget of the hint. */
async function filterText(policy: CallPolicy, text: string): Promise<string> {
  const { content } = await policy.filterOutput({ content: [{ type: 'text', text }] });
  const [block] = content;
  return block?.type === 'text' ? block.text : text;
}

/** Strings are redacted and capped; the strings inside any other value (a server's JSON-RPC error `data`) are redacted. */
async function filterDetails(
  details: Record<string, unknown>,
  filter: (text: string) => Promise<string>,
  redact: (text: string) => string,
): Promise<Record<string, unknown>> {
  let changed = false;
  const entries = await Promise.all(
    Object.entries(details).map(async ([key, value]): Promise<[string, unknown]> => {
      let next: unknown = value;
      if (typeof value === 'string') next = await filter(value);
      else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
        const items = await Promise.all(value.map(filter));
        next = items.some((item, index) => item !== value[index]) ? items : value;
      } else if (value !== null && typeof value === 'object') {
        // Structured data (a server's JSON-RPC error data): redacted, not capped, so that it stays what it was.
        const redacted = redactJson(value, redact);
        next = JSON.stringify(redacted) === JSON.stringify(value) ? value : redacted;
      }
      if (next !== value) changed = true;
      return [key, next];
    }),
  );
  return changed ? Object.fromEntries(entries) : details;
}

// Whole-number command-line flags: one parser, one message (what was expected, what was received).
import { GatewayError } from '../errors/index.js';

/** `value` as a whole number from `min` to `max`; a USAGE error (exit 2) naming the flag otherwise. */
export function parseIntegerFlag(
  flag: string,
  value: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  hint?: string,
): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new GatewayError(
      'USAGE',
      `${flag} expects a whole number from ${min} to ${max}; received "${value.slice(0, 40)}".`,
      hint === undefined ? {} : { hint },
    );
  }
  return parsed;
}

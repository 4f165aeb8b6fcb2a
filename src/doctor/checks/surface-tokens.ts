// Doctor: what the exposed tool list costs a model's context, counted with the o200k tokenizer.
import { ESTIMATE_TOKEN_COUNTER, type TokenCounter } from '../../policy/token-counter.js';
import { check, type CheckResult } from '../doctor-check.js';
import type { ExposedSurface } from '../exposed-surface.js';

/** The budget of the default surface (all meta-tools together). */
export const SURFACE_TOKEN_BUDGET = 1_200;

/** Counts the compact JSON of the `tools` array, as bench/surface-tokens.ts does. */
export function checkSurfaceTokens(surface: ExposedSurface, counter: TokenCounter): CheckResult {
  const tokens = counter.count(JSON.stringify(surface.tools));
  const how =
    counter === ESTIMATE_TOKEN_COUNTER
      ? 'tokens (estimated at 4 characters each: the o200k tokenizer did not load)'
      : 'o200k tokens';
  const message = `${surface.tools.length} exposed tools cost ${tokens.toLocaleString('en-US')} ${how}; budget ${SURFACE_TOKEN_BUDGET.toLocaleString('en-US')}`;
  return tokens <= SURFACE_TOKEN_BUDGET
    ? check('surface-tokens', 'ok', message)
    : check('surface-tokens', 'warn', message, {
        fix: 'Use progressive exposure (the default), or pin fewer tools in hybrid mode.',
      });
}

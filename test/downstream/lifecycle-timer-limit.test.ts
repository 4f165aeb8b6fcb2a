// Lifecycle settings above the longest timer Node supports are refused, not silently turned into 1 ms.
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, parseLifecycleSettings } from '../../src/downstream/lifecycle-settings.js';
import { GatewayError } from '../../src/errors/index.js';

function errorOf(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('parseLifecycleSettings timer limit', () => {
  it('accepts the longest timer Node supports', () => {
    expect(parseLifecycleSettings({ TOOLGATE_PING_TIMEOUT_MS: String(MAX_TIMER_MS) }).pingTimeoutMs).toBe(2_147_483_647);
  });

  it.each(['TOOLGATE_PING_TIMEOUT_MS', 'TOOLGATE_PING_INTERVAL_MS', 'TOOLGATE_IDLE_SHUTDOWN_MS'])('refuses %s above 2147483647 ms, saying why', (name) => {
    const error = errorOf(() => parseLifecycleSettings({ [name]: '9999999999' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(name);
    expect(error.message).toContain('at most 2147483647');
    expect(error.message).toContain('9999999999');
  });
});

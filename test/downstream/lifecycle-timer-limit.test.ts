// Lifecycle settings above the longest timer Node supports are refused, not silently turned into 1 ms.
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, maintenanceSettings } from '../../src/downstream/lifecycle-settings.js';
import { settingsFromEnv } from '../../src/settings/parse-settings.js';
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

/** The maintenance settings of an environment, parsed as the gateway parses it. */
function lifecycleOf(env: Record<string, string>) {
  return maintenanceSettings(settingsFromEnv(env));
}

describe('maintenanceSettings timer limit', () => {
  it('accepts the longest timer Node supports', () => {
    expect(lifecycleOf({ TOOLGATE_PING_TIMEOUT_MS: String(MAX_TIMER_MS) }).pingTimeoutMs).toBe(2_147_483_647);
  });

  it.each(['TOOLGATE_PING_TIMEOUT_MS', 'TOOLGATE_PING_INTERVAL_MS', 'TOOLGATE_IDLE_SHUTDOWN_MS'])(
    'refuses %s above 2147483647 ms, saying why',
    (name) => {
      const error = errorOf(() => lifecycleOf({ [name]: '9999999999' }));
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain(name);
      expect(error.message).toContain('at most 2147483647');
      expect(error.message).toContain('9999999999');
    },
  );
});

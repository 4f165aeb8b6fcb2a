// Lifecycle settings from the environment.
import { describe, expect, it } from 'vitest';
import { maintenanceSettings } from '../../src/downstream/lifecycle-settings.js';
import { settingsFromEnv } from '../../src/settings/parse-settings.js';
import { DEFAULT_MAINTENANCE } from '../../src/downstream/pool-maintenance.js';
import { GatewayError } from '../../src/errors/index.js';

/** The maintenance settings of an environment, parsed as the gateway parses it. */
function lifecycleOf(env: Record<string, string>) {
  return maintenanceSettings(settingsFromEnv(env));
}

describe('maintenanceSettings', () => {
  it('uses the defaults (10 min idle shutdown, 60 s pings) when nothing is set', () => {
    expect(lifecycleOf({})).toEqual(DEFAULT_MAINTENANCE);
    expect(DEFAULT_MAINTENANCE.idleShutdownMs).toBe(600_000);
  });

  it('reads milliseconds, where 0 turns a feature off', () => {
    expect(lifecycleOf({ TOOLGATE_IDLE_SHUTDOWN_MS: '0', TOOLGATE_PING_INTERVAL_MS: ' 500 ' })).toMatchObject({
      idleShutdownMs: 0,
      pingIntervalMs: 500,
    });
  });

  it('refuses a value that is not a whole number, naming the variable', () => {
    let error: unknown;
    try {
      lifecycleOf({ TOOLGATE_IDLE_SHUTDOWN_MS: '10m' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('CONFIG_INVALID');
    expect((error as GatewayError).message).toContain('TOOLGATE_IDLE_SHUTDOWN_MS');
    expect((error as GatewayError).message).toContain('"10m"');
  });
});

// Gateway-wide lifecycle settings from the environment: idle shutdown and health pings of downstream servers.
import { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import { DEFAULT_MAINTENANCE, type MaintenanceSettings } from './pool-maintenance.js';

/** Environment variables read here, with the setting each one sets (milliseconds; 0 turns it off). */
export const LIFECYCLE_ENV = {
  TOOLGATE_IDLE_SHUTDOWN_MS: 'idleShutdownMs',
  TOOLGATE_PING_INTERVAL_MS: 'pingIntervalMs',
  TOOLGATE_PING_TIMEOUT_MS: 'pingTimeoutMs',
} as const satisfies Record<string, keyof MaintenanceSettings>;

/** Node runs a timer longer than this after 1 ms (with a warning), so a larger ping timeout would fail every ping. */
export const MAX_TIMER_MS = 2_147_483_647;

const millis = z.string().trim().regex(/^\d{1,10}$/, { error: 'expected a whole number of milliseconds (0 turns it off)' }).transform(Number);

export function parseLifecycleSettings(env: Record<string, string | undefined>): MaintenanceSettings {
  const settings = { ...DEFAULT_MAINTENANCE };
  for (const [name, key] of Object.entries(LIFECYCLE_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const parsed = millis.safeParse(raw);
    if (!parsed.success) {
      throw new GatewayError('CONFIG_INVALID', `${name}: expected a whole number of milliseconds, received ${JSON.stringify(raw.slice(0, 40))}.`, {
        hint: `Set ${name} to a number such as ${DEFAULT_MAINTENANCE[key]} (0 turns it off), or unset it for the default.`,
      });
    }
    if (parsed.data > MAX_TIMER_MS) {
      throw new GatewayError('CONFIG_INVALID', `${name}: expected at most ${MAX_TIMER_MS} milliseconds (about 24.8 days, the longest timer Node supports), received ${parsed.data}.`, {
        hint: `Set ${name} to ${MAX_TIMER_MS} or less (0 turns it off), or unset it for the default ${DEFAULT_MAINTENANCE[key]}.`,
      });
    }
    settings[key] = key === 'pingTimeoutMs' ? Math.max(1, parsed.data) : parsed.data;
  }
  return settings;
}

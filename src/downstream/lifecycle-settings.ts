// Gateway-wide lifecycle settings: idle shutdown and health pings of downstream servers, from the parsed settings.
import type { Settings } from '../settings/parse-settings.js';
import type { MaintenanceSettings } from './pool-maintenance.js';

export { MAX_TIMER_MS } from '../settings/setting-defaults.js';

/** Reads the three values (a bad one throws, naming its variable); a ping timeout of 0 would fail every ping, so it is at least 1 ms. */
export function maintenanceSettings(
  settings: Pick<Settings, 'idleShutdownMs' | 'pingIntervalMs' | 'pingTimeoutMs'>,
): MaintenanceSettings {
  return {
    idleShutdownMs: settings.idleShutdownMs,
    pingIntervalMs: settings.pingIntervalMs,
    pingTimeoutMs: Math.max(1, settings.pingTimeoutMs),
  };
}

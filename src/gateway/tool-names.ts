// Meta-tool names in the two exposed styles, and which style a client gets.
import { RESERVED_SERVER_NAME } from '../config/server-entry.js';

export type NameStyle = 'dot' | 'underscore';
export type NameStyleSetting = NameStyle | 'auto';

export const META_NAMESPACE = RESERVED_SERVER_NAME;

/** SPEC: every exposed name must fit this in underscore style. */
export const EXPOSED_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Clients known to accept dots in tool names (judged from `clientInfo.name`). Everyone else gets underscores. */
const DOT_FRIENDLY_CLIENTS = [/^claude-code$/i, /^claude code$/i];

export function resolveNameStyle(setting: NameStyleSetting, clientName: string | undefined): NameStyle {
  if (setting !== 'auto') return setting;
  return clientName !== undefined && DOT_FRIENDLY_CLIENTS.some((pattern) => pattern.test(clientName))
    ? 'dot'
    : 'underscore';
}

export function exposedName(base: string, style: NameStyle): string {
  return `${META_NAMESPACE}${style === 'dot' ? '.' : '_'}${base}`;
}

/** Accepts either style (`gateway.describe`, `gateway_describe`) and returns the base name, or undefined. */
export function parseMetaToolName(name: string): string | undefined {
  const match = /^gateway[._](.+)$/.exec(name);
  return match?.[1];
}

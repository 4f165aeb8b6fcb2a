// The variables a raw config entry declares: every `${VAR}` it references (in any field) and the keys of its env.
import { isRecord } from './config-file-schema.js';

// Same grammar as interpolate.ts: `$${` is an escape, not a reference.
const REFERENCE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g;

export function entryVariables(raw: unknown): string[] {
  const names = new Set<string>();
  visitStrings(raw, (text) => {
    for (const match of text.matchAll(REFERENCE)) if (!match[1]) names.add(match[2]!);
  });
  if (isRecord(raw) && isRecord(raw.env)) for (const key of Object.keys(raw.env)) names.add(key);
  return [...names].sort();
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => visitStrings(item, visit));
  else if (isRecord(value)) Object.values(value).forEach((item) => visitStrings(item, visit));
}

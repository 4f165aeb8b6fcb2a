// Merges imported server entries into toolgate's own list (TOOLGATE_HOME/servers.json), editing it in place.
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../config/config-file-schema.js';
import { readOptionalText } from './config-file-io.js';
import { editJsonProperty, parseJsonConfig } from './json-config-editor.js';

export interface ServersFileMerge {
  /** The new text; equal to the old when nothing changes. */
  text: string;
  existed: boolean;
  changed: boolean;
  /** Names now in the file with exactly the imported entry (added, or already there). */
  merged: string[];
  /** Names the file already has with a different entry: not overwritten. */
  conflicts: { name: string; reason: string }[];
}

/** Pure planning over the file's current text; the caller backs up and writes. */
export async function planServersFileMerge(
  file: string,
  entries: Record<string, Record<string, unknown>>,
): Promise<ServersFileMerge> {
  const before = await readOptionalText(file);
  let text = before ?? '';
  const root = parseJsonConfig(text, file);
  // A file written with VS Code's `servers` key keeps it; toolgate reads both.
  const key = isRecord(root.servers) && !isRecord(root.mcpServers) ? 'servers' : 'mcpServers';
  const existing = isRecord(root[key]) ? root[key] : {};
  const merged: string[] = [];
  const conflicts: ServersFileMerge['conflicts'] = [];
  for (const [name, entry] of Object.entries(entries)) {
    if (Object.hasOwn(existing, name)) {
      if (isDeepStrictEqual(existing[name], entry)) merged.push(name);
      else
        conflicts.push({
          name,
          reason: `${file} already has a different server named "${name}"; rename one of them and import again`,
        });
      continue;
    }
    text = editJsonProperty(text, [key, name], entry);
    merged.push(name);
  }
  if (text !== (before ?? '') && !text.endsWith('\n')) text += '\n';
  return { text, existed: before !== undefined, changed: text !== before, merged, conflicts };
}

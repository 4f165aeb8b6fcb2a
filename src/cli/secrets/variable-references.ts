// Which `${VAR}` references (without a default) each configured server needs, read from the config files.
import fs from 'node:fs/promises';
import { isRecord } from '../../config/config-file-schema.js';
import { listConfigSources } from '../../config/config-sources.js';
import { parseConfigText } from '../../config/parse-config-file.js';

export interface VariableReference {
  server: string;
  variable: string;
  /** The config file the server's entry came from. */
  file: string;
}

export interface ReferenceSearchOptions {
  cwd: string;
  homeDir: string;
  serversFile: string;
  explicitConfig?: string;
}

// Same grammar as config/interpolate.ts: `$${` escapes, `${VAR:-x}` has a default and needs nothing.
const REFERENCE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}/g;

/**
 * The closest file decides a server, as when the gateway loads them; disabled entries need nothing. Project
 * files are not read: their entries never get the user's stored secrets, and an untrusted one must not
 * choose which of the environment's variables get stored under a server's name.
 */
export async function findVariableReferences(options: ReferenceSearchOptions): Promise<VariableReference[]> {
  const sources = await listConfigSources({
    cwd: options.cwd,
    homeDir: options.homeDir,
    serversFile: options.serversFile,
    ...(options.explicitConfig ? { explicitConfig: options.explicitConfig } : {}),
  });
  const seen = new Set<string>();
  const references: VariableReference[] = [];
  for (const source of sources) {
    if (source.role === 'project') continue;
    let text: string;
    try {
      text = await fs.readFile(source.path, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseConfigText(text, source.path);
    if (!parsed.ok) continue;
    for (const [server, raw] of parsed.entries) {
      if (seen.has(server)) continue;
      seen.add(server);
      if (isRecord(raw) && raw.disabled === true) continue;
      const variables = new Set<string>();
      collectStrings(raw, (value) => {
        for (const match of value.matchAll(REFERENCE)) if (!match[1] && !match[3]) variables.add(match[2]!);
      });
      for (const variable of variables) references.push({ server, variable, file: source.path });
    }
  }
  return references;
}

function collectStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, visit));
  else if (isRecord(value)) Object.values(value).forEach((item) => collectStrings(item, visit));
}

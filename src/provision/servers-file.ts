// toolgate's own server list (TOOLGATE_HOME/servers.json, mcpServers format): where provisioned servers persist.
import fs from 'node:fs/promises';
import { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { queueFileEdit } from '../storage/file-edit-queue.js';

/** What toolgate records about an entry it wrote, under the entry's own `toolgate` key (clients ignore unknown keys). */
export const provenanceSchema = z.object({
  origin: z.enum(['manifest', 'registry']),
  /** npm, pypi, docker or url, with the package and exact version when there is one. */
  method: z.enum(['npm', 'pypi', 'docker', 'url']),
  package: z.string().optional(),
  version: z.string().optional(),
  provisioned_at: z.string(),
});

export type Provenance = z.infer<typeof provenanceSchema>;

export type ServersFileEntry = Record<string, unknown> & { toolgate?: Provenance };

// Entries are not checked here: one broken entry (the config loader reports it) must not block writing the others.
const fileSchema = z.looseObject({ mcpServers: z.record(z.string(), z.unknown()).optional() });

/**
 * Read-modify-write of one file, serialized within this process and written atomically; entries toolgate
 * did not write are kept as they are. A file that does not parse is never overwritten.
 */
export class ServersFile {
  constructor(readonly file: string) {}

  /** The entries that are objects; any other value is left in the file untouched. */
  async read(): Promise<Record<string, ServersFileEntry>> {
    const entries = Object.entries((await this.readWhole()).mcpServers ?? {});
    return Object.fromEntries(entries.filter((entry): entry is [string, ServersFileEntry] => isEntryObject(entry[1])));
  }

  /** Throws when the server's own entry is there but is not an object: toolgate would otherwise replace or drop it. */
  async get(server: string): Promise<ServersFileEntry | undefined> {
    const entries = (await this.readWhole()).mcpServers ?? {};
    if (!Object.hasOwn(entries, server)) return undefined;
    const entry = entries[server];
    if (isEntryObject(entry)) return entry;
    throw new GatewayError(
      'CONFIG_INVALID',
      `The entry "${server}" in ${this.file} is not an object: expected {"command": ...} or {"url": ...}, received ${entry === null ? 'null' : typeof entry}; nothing was changed.`,
      {
        hint: `Fix or remove that entry in ${this.file}, then try again.`,
        details: { server, file: this.file },
      },
    );
  }

  provenanceOf(entry: ServersFileEntry | undefined): Provenance | undefined {
    const parsed = provenanceSchema.safeParse(entry?.toolgate);
    return parsed.success ? parsed.data : undefined;
  }

  upsert(server: string, entry: ServersFileEntry): Promise<void> {
    return this.update((servers) => {
      servers[server] = entry;
    });
  }

  remove(server: string): Promise<void> {
    return this.update((servers) => {
      delete servers[server];
    });
  }

  private update(change: (servers: Record<string, unknown>) => void): Promise<void> {
    return queueFileEdit(this.file, async () => {
      const whole = await this.readWhole();
      const servers = { ...whole.mcpServers };
      change(servers);
      await writeFileAtomic(this.file, `${JSON.stringify({ ...whole, mcpServers: servers }, null, 2)}\n`, {
        mode: 0o600,
      });
    });
  }

  private async readWhole(): Promise<z.infer<typeof fileSchema>> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return {};
      throw new GatewayError(
        'CONFIG_INVALID',
        `${this.file} could not be read (${code ?? 'unknown error'}), so toolgate cannot add or change servers in it; nothing was changed.`,
        {
          hint:
            code === 'EISDIR'
              ? `Move the folder at ${this.file} away: toolgate keeps its server list in that file.`
              : `Check the owner and permissions of ${this.file} (it should be yours, mode 600), then try again.`,
          cause: error,
        },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new GatewayError('CONFIG_INVALID', `${this.file} is not valid JSON, so toolgate will not rewrite it.`, {
        hint: 'Fix the file (gateway_health names the problem), then provision again.',
        cause: error,
      });
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `${this.file} does not have the expected shape {"mcpServers": {"<name>": {...}}}, so toolgate will not rewrite it.`,
        {
          hint: 'Fix the file, then provision again.',
        },
      );
    }
    return parsed.data;
  }
}

function isEntryObject(value: unknown): value is ServersFileEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

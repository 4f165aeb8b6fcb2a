// toolgate's own server list (TOOLGATE_HOME/servers.json, mcpServers format): where provisioned servers persist.
import fs from 'node:fs/promises';
import { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';

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

const fileSchema = z.looseObject({ mcpServers: z.record(z.string(), z.record(z.string(), z.unknown())).optional() });

/**
 * Read-modify-write of one file, serialized within this process and written atomically; entries toolgate
 * did not write are kept as they are. A file that does not parse is never overwritten.
 */
export class ServersFile {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async read(): Promise<Record<string, ServersFileEntry>> {
    return (await this.readWhole()).mcpServers ?? {};
  }

  async get(server: string): Promise<ServersFileEntry | undefined> {
    return (await this.read())[server];
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

  private update(change: (servers: Record<string, ServersFileEntry>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const whole = await this.readWhole();
      const servers = { ...whole.mcpServers };
      change(servers);
      await writeFileAtomic(this.file, `${JSON.stringify({ ...whole, mcpServers: servers }, null, 2)}\n`, { mode: 0o600 });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readWhole(): Promise<z.infer<typeof fileSchema>> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
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
      throw new GatewayError('CONFIG_INVALID', `${this.file} does not have the expected shape {"mcpServers": {"<name>": {...}}}, so toolgate will not rewrite it.`, {
        hint: 'Fix the file, then provision again.',
      });
    }
    return parsed.data;
  }
}

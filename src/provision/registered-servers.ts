// Servers added from the MCP Registry (TOOLGATE_HOME/registered-servers.json): provisionable like manifest servers.
import fs from 'node:fs/promises';
import { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import { manifestServerSchema, type ManifestServer } from '../manifest/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { queueFileEdit } from '../storage/file-edit-queue.js';

/** More registered servers than this is refused: the list is read on every search after a refresh. */
export const MAX_REGISTERED_SERVERS = 500;

const fileSchema = z.object({ version: z.literal(1), servers: z.array(z.unknown()) });

export class RegisteredServers {
  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** Every valid entry; an invalid one is logged and skipped, so one bad edit hides one server only. */
  async list(): Promise<ManifestServer[]> {
    const raw = await this.readRaw();
    const servers: ManifestServer[] = [];
    for (const entry of raw) {
      const parsed = manifestServerSchema.safeParse(entry);
      if (parsed.success) servers.push(parsed.data);
      else
        this.logger.warn(
          { file: this.file, problem: parsed.error.issues[0]?.message },
          'skipped an invalid registered server',
        );
    }
    return servers;
  }

  /** Adds or replaces the server of that name. */
  add(server: ManifestServer): Promise<void> {
    return queueFileEdit(this.file, async () => {
      const kept = (await this.readRaw()).filter((entry) => (entry as { name?: unknown } | null)?.name !== server.name);
      if (kept.length >= MAX_REGISTERED_SERVERS) {
        throw new GatewayError(
          'INVALID_ARGUMENTS',
          `${this.file} already holds ${MAX_REGISTERED_SERVERS} servers, the most toolgate keeps.`,
          { hint: 'Remove unused entries from that file first.' },
        );
      }
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, servers: [...kept, server] }, null, 2)}\n`, {
        mode: 0o600,
      });
    });
  }

  private async readRaw(): Promise<unknown[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new GatewayError('CONFIG_INVALID', `${this.file} is not valid JSON; toolgate will not rewrite it.`, {
        hint: 'Fix or remove the file.',
        cause: error,
      });
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success)
      throw new GatewayError(
        'CONFIG_INVALID',
        `${this.file} does not have the shape {"version": 1, "servers": [...]}.`,
        { hint: 'Fix or remove the file.' },
      );
    return parsed.data.servers;
  }
}

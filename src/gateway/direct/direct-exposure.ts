// Flat and hybrid exposure: downstream tools listed and called directly, through the same invoke pipeline as gateway.invoke.
import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import type { Gateway } from '../gateway.js';
import type { GatewayEvents } from '../gateway-events.js';
import type { CallContext } from '../meta-tool.js';
import { DirectPassthrough } from './direct-passthrough.js';
import { createDirectToolLister, type DirectToolList, type DirectToolLister, type PrefixMode } from './direct-tools.js';

export type Exposure = 'progressive' | 'hybrid' | 'flat';
export const EXPOSURES: readonly Exposure[] = ['progressive', 'hybrid', 'flat'];

export class DirectExposure {
  /** Prompts, resources and completions (flat only). */
  readonly passthrough: DirectPassthrough;
  private readonly list: DirectToolLister;
  private byName = new Map<string, string>();
  private reportedCollisions = new Set<string>();

  constructor(
    private readonly gateway: Gateway,
    readonly mode: 'hybrid' | 'flat',
    readonly prefix: PrefixMode,
  ) {
    this.list = createDirectToolLister(gateway);
    this.passthrough = new DirectPassthrough(gateway, prefix);
  }

  /** The directly exposed tools. Servers never seen start first (once; the wait is bounded), so their tools are listed. */
  async listTools(): Promise<Tool[]> {
    await this.startUnseen();
    return this.current().tools.map((tool) => tool.wire);
  }

  /**
   * The tool id behind an exposed name, or undefined when no tool of a configured server has it. A tool the
   * policy denies resolves too (it is not listed): calling it meets the deny gate, a policy block rather
   * than an unknown name.
   */
  resolve(name: string): string | undefined {
    const listed = this.byName.get(name) ?? (this.current(), this.byName.get(name));
    if (listed !== undefined) return listed;
    return this.list(this.prefix, this.includes(), { ignorePolicy: true }).tools.find((tool) => tool.name === name)
      ?.toolId;
  }

  /**
   * resolve(), after starting the servers never seen when the name is unknown: a client may call a name it
   * knows from before (a restarted gateway) without listing first.
   */
  async resolveStarting(name: string): Promise<string | undefined> {
    const known = this.resolve(name);
    if (known !== undefined) return known;
    await this.startUnseen();
    return this.resolve(name);
  }

  /** Hybrid starts only the servers a `pinned` glob could reach; flat starts every allowed one. */
  private startUnseen(): Promise<string[]> {
    const policy = this.gateway.policy;
    return this.mode === 'hybrid'
      ? this.gateway.indexUnseenServers(undefined, (server) => policy.mayHavePinnedTools(server))
      : this.gateway.indexUnseenServers();
  }

  /** Tool-set changes and downstream notifications, for the sessions to pass on. */
  get events(): GatewayEvents {
    return this.gateway.events;
  }

  /** Whether the policy (as it is now) lets this server be heard from. */
  allowsServer(server: string): boolean {
    return this.gateway.policy.decideServer(server).allowed;
  }

  invoke(toolId: string, args: Record<string, unknown>, context: CallContext): Promise<CallToolResult> {
    return this.gateway.invoke(toolId, args, { ...context, via: this.mode });
  }

  /** Hybrid lists pinned tools only. */
  private includes(): ((server: string, tool: string) => boolean) | undefined {
    const policy = this.gateway.policy;
    return this.mode === 'hybrid' ? (server, tool) => policy.isPinned(server, tool) : undefined;
  }

  private current(): DirectToolList {
    const listed = this.list(this.prefix, this.includes());
    this.byName = new Map(listed.tools.map((tool) => [tool.name, tool.toolId]));
    for (const collision of listed.collisions) {
      const key = `${collision.kept}|${collision.refused}`;
      if (this.reportedCollisions.has(key)) continue;
      this.reportedCollisions.add(key);
      this.gateway.logger.error(
        { name: collision.name, kept: collision.kept, refused: collision.refused },
        'two servers expose a tool of the same name and --prefix is never: the second is not listed; use --prefix server, or deny one of them in the policy',
      );
    }
    return listed;
  }
}

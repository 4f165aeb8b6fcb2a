// What sessions that expose downstream servers directly hear from the engine: tool-set changes and server notifications.
import type { DownstreamNotification } from '../downstream/upstream-relay.js';
import type { Logger } from '../log/logger.js';

export type GatewayEvent =
  { kind: 'tools_changed' } | { kind: 'notification'; server: string; notification: DownstreamNotification };

export class GatewayEvents {
  private readonly listeners = new Set<(event: GatewayEvent) => void>();

  constructor(private readonly logger: Logger) {}

  /** Returns the function that stops listening. */
  subscribe(listener: (event: GatewayEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A listener that throws is logged; the others still hear the event. */
  emit(event: GatewayEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'a session failed to handle a gateway event');
      }
    }
  }
}

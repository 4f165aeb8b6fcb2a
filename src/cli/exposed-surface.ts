// The tool list a client is shown: asked of the running gateway, or of a short-lived engine in-process.
import type { ExposedSurface } from '../doctor/exposed-surface.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import { connectGateway } from './gateway-client.js';

const NAME_STYLES = ['auto', 'dot', 'underscore'] as const;

/**
 * Lists every meta-tool the gateway exposes (core, lifecycle and provisioning), as an underscore-style
 * client receives them. The in-process engine starts no downstream server to answer a listing.
 */
export async function listExposedSurface(env: Record<string, string | undefined>): Promise<ExposedSurface> {
  const gateway = await connectGateway({ names: 'underscore' });
  try {
    const listed = await gateway.listTools();
    const setting = env.TOOLGATE_NAMES as NameStyleSetting | undefined;
    return { tools: listed.tools, nameStyle: setting && NAME_STYLES.includes(setting) ? setting : 'auto' };
  } finally {
    await gateway.close();
  }
}

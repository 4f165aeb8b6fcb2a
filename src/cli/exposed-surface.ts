// The tool list a client is shown: asked of the running gateway, or of a short-lived engine in-process.
import type { ExposedSurface } from '../doctor/exposed-surface.js';
import type { Settings } from '../settings/parse-settings.js';
import { connectGateway } from './gateway-client.js';

/**
 * Lists every meta-tool the gateway exposes (core, lifecycle and provisioning), as an underscore-style
 * client receives them. The in-process engine starts no downstream server to answer a listing.
 */
export async function listExposedSurface(settings: Settings): Promise<ExposedSurface> {
  const gateway = await connectGateway({ names: 'underscore' });
  try {
    const listed = await gateway.listTools();
    // The doctor reports; a name style it cannot read counts as the default here.
    return { tools: listed.tools, nameStyle: settings.problem('names') ? 'auto' : settings.names };
  } finally {
    await gateway.close();
  }
}

// Doctor: the server manifest loads and validates.
import { isGatewayError, countOf } from '../../errors/index.js';
import { loadManifest } from '../../manifest/load-manifest.js';
import { check, type CheckResult } from '../doctor-check.js';

/** `file` undefined: the manifest shipped with toolgate. */
export async function checkManifest(file?: string): Promise<CheckResult> {
  try {
    const manifest = await loadManifest(file);
    return check('manifest', 'ok', `${manifest.file}: ${countOf(manifest.servers.length, 'server')}`);
  } catch (error) {
    const message = isGatewayError(error) ? error.message : String(error);
    return check('manifest', 'fail', message, {
      fix: isGatewayError(error) && error.hint ? error.hint : 'Reinstall toolgate.',
    });
  }
}

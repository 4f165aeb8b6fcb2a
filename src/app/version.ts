// toolgate's own version: inlined by the bundler, read from package.json when run from source.
import { readFileSync } from 'node:fs';

declare const __TOOLGATE_VERSION__: string | undefined;

let cached: string | undefined;

export function toolgateVersion(): string {
  if (cached !== undefined) return cached;
  if (typeof __TOOLGATE_VERSION__ === 'string') return (cached = __TOOLGATE_VERSION__);
  try {
    cached = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    cached = '0.0.0';
  }
  return cached;
}

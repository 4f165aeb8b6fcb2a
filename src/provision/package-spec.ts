// Checks package names and versions against the npm and PyPI grammars before any command is built from them.
import { GatewayError } from '../errors/index.js';
import { isExactPep440, isExactSemver, isNpmPackageName, isPypiPackageName } from '../manifest/package-grammar.js';

export type Ecosystem = 'npm' | 'pypi';

export interface PackageSpec {
  ecosystem: Ecosystem;
  name: string;
  /** One exact version: never a range or a tag by the time a command runs. */
  version: string;
}

/**
 * The grammar plus one rule of our own: a name must start with a letter, digit or `@`, so that no
 * name can ever be read as an option (`--global`) by the installer.
 */
export function validatePackageSpec(spec: PackageSpec): PackageSpec {
  const { ecosystem, name, version } = spec;
  const nameOk =
    /^[A-Za-z0-9@]/.test(name) &&
    (ecosystem === 'npm' ? isNpmPackageName(name) && !/^@[^a-z0-9]/.test(name) : isPypiPackageName(name));
  if (!nameOk) {
    throw new GatewayError(
      'INVALID_ARGUMENTS',
      `Expected an ${ecosystem} package name, received ${quote(name)}; nothing was run.`,
      {
        hint:
          ecosystem === 'npm'
            ? 'Use a name such as "some-server" or "@scope/some-server" (lower case, no spaces, no path).'
            : 'Use a PyPI project name such as "mcp-server-time".',
        details: { field: 'package', ecosystem },
      },
    );
  }
  const versionOk = ecosystem === 'npm' ? isExactSemver(version) : isExactPep440(version);
  if (!versionOk) {
    throw new GatewayError(
      'INVALID_ARGUMENTS',
      `Expected one exact ${ecosystem} version of ${name} (such as 1.2.3), received ${quote(version)}; nothing was run.`,
      {
        hint: 'Give an exact version, or "latest" where the tool accepts it (it is resolved to an exact version first).',
        details: { field: 'version', ecosystem },
      },
    );
  }
  return spec;
}

/** Quoted and cut, so a hostile value cannot flood or forge a message. */
function quote(value: string): string {
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}..."` : json;
}

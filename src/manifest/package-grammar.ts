// The grammars of package names, versions and image references that toolgate accepts before it runs anything.

/** npm's rules for new packages: lower case, URL-safe, optionally scoped, at most 214 characters. */
export const NPM_PACKAGE_PATTERN = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;
export const MAX_NPM_PACKAGE_LENGTH = 214;

/** One exact SemVer 2.0 version (no range, no tag, no leading `v`, no leading zeros). */
export const EXACT_SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** PEP 508 project names: letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
export const PYPI_PACKAGE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$/;

/** One exact PEP 440 public version in canonical form, e.g. `1.2.3`, `0.6.0rc1`, `2025.4.1.post2`. */
export const EXACT_PEP440_PATTERN = /^(?:[1-9]\d*!)?(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*(?:(?:a|b|rc)(?:0|[1-9]\d*))?(?:\.post(?:0|[1-9]\d*))?(?:\.dev(?:0|[1-9]\d*))?$/;

/**
 * A docker image pinned by tag or digest: `[registry[:port]/]path[:tag][@sha256:digest]`, at least one
 * of tag or digest. `latest` is refused because it does not pin anything.
 */
export const DOCKER_IMAGE_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::(?!latest(?:@|$))[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function isNpmPackageName(name: string): boolean {
  return name.length <= MAX_NPM_PACKAGE_LENGTH && NPM_PACKAGE_PATTERN.test(name);
}

export function isExactSemver(version: string): boolean {
  return EXACT_SEMVER_PATTERN.test(version);
}

export function isPypiPackageName(name: string): boolean {
  return PYPI_PACKAGE_PATTERN.test(name);
}

export function isExactPep440(version: string): boolean {
  return EXACT_PEP440_PATTERN.test(version);
}

export function isPinnedDockerImage(image: string): boolean {
  if (image.length > 255 || !DOCKER_IMAGE_PATTERN.test(image)) return false;
  return /:[A-Za-z0-9_][A-Za-z0-9_.-]*(?:@|$)/.test(image.slice(image.lastIndexOf('/') + 1)) || image.includes('@sha256:');
}

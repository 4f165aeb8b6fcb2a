// The manifest domain's public surface: the server manifest, how to launch its servers, and their tool snapshots.
export * from './package-grammar.js';
export * from './manifest-schema.js';
export * from './manifest-issues.js';
export * from './manifest-location.js';
export * from './load-manifest.js';
export * from './launch-spec.js';
export * from './tool-snapshot.js';
export * from './compiled-manifest.js';

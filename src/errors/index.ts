export * from './gateway-error.js';
export * from './field-path.js';
export * from './issue-text.js';
export * from './json-rpc-error.js';
export * from './wire-codes.js';
export * from './closest-name.js';
export * from './count-noun.js';

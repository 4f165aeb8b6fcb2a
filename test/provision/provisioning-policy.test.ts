// The `provisioning` policy setting: default ask, and the most cautious file wins.
import { describe, expect, it } from 'vitest';
import { mergePolicy } from '../../src/policy/merge-policy.js';
import type { PolicyLayer, ProvisioningMode } from '../../src/policy/policy-types.js';

function layer(provisioning?: ProvisioningMode): PolicyLayer {
  return {
    source: 'test.yaml',
    servers: { deny: [] },
    tools: { deny: [] },
    redact: [],
    timeouts: {},
    approval: [],
    pinned: [],
    gates: {},
    redactKeys: [],
    ...(provisioning ? { provisioning } : {}),
  };
}

describe('provisioning in the merged policy', () => {
  it('is ask when no file sets it', () => {
    expect(mergePolicy([]).provisioning).toBe('ask');
    expect(mergePolicy([layer(), layer()]).provisioning).toBe('ask');
  });

  it('takes the most cautious setting any file made', () => {
    expect(mergePolicy([layer('auto')]).provisioning).toBe('auto');
    expect(mergePolicy([layer('off'), layer('auto')]).provisioning).toBe('off');
    expect(mergePolicy([layer('ask'), layer(), layer('auto')]).provisioning).toBe('ask');
  });
});

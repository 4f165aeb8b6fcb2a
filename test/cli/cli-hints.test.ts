// Hints for the model name meta-tool calls; the CLI shows the matching command instead.
import { describe, expect, it } from 'vitest';
import { hintForTerminal } from '../../src/cli/cli-hints.js';

describe('hintForTerminal', () => {
  it('turns provision, refresh and auth_connect calls into the matching commands', () => {
    expect(
      hintForTerminal('Call gateway_provision {"server":"memory"} (an install and start), then invoke again.'),
    ).toBe('Call `toolgate provision memory` (an install and start), then invoke again.');
    expect(hintForTerminal('Fix the file, then call gateway_refresh.')).toBe(
      'Fix the file, then call `toolgate refresh`.',
    );
    expect(
      hintForTerminal('Store it: gateway.auth_connect {"server":"github","name":"GITHUB_TOKEN","value":"<value>"}'),
    ).toBe('Store it: `toolgate secrets set github GITHUB_TOKEN (the value on standard input)`');
  });

  it('turns a provision_status call into its `toolgate call`, not into provision followed by "_status"', () => {
    expect(hintForTerminal('The last lines of its output are in gateway_provision_status; fix the cause.')).toBe(
      'The last lines of its output are in `toolgate call gateway.provision_status --args \'{"server":"<server>"}\'`; fix the cause.',
    );
    expect(hintForTerminal('Still running; call gateway_provision_status {"job_id":"j1"} in a little while.')).toBe(
      'Still running; call `toolgate call gateway.provision_status --args \'{"job_id":"j1"}\'` in a little while.',
    );
  });

  it('leaves calls without a command, and other text, as they are', () => {
    expect(hintForTerminal('Use gateway_catalog_search to find one.')).toBe('Use gateway_catalog_search to find one.');
    expect(hintForTerminal('Nothing to translate.')).toBe('Nothing to translate.');
  });
});

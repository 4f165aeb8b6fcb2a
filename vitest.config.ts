import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: the suite must pass on a loaded 2-core machine, where a gateway start alone can take tens of seconds.
    // Tests wait for events, never for time, so a longer limit only delays the report of a real hang.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for an event; its 1 s default fails on a loaded machine. Returns as soon as the
    // event happens, like waitFor's EVENT_WAIT_FLOOR_MS in test/support/gateway-process.ts.
    expect: { poll: { timeout: 60_000 } },
    pool: 'forks',
    // Two cores: integration tests spawn real processes, so keep parallelism modest.
    maxWorkers: 2,
  },
});

// Shutdown in a fixed order where every step runs: one that fails does not keep the next (the lock) from running.

export interface CloseStep {
  /** Names the step in the error when it fails ("downstream servers", "lock"). */
  name: string;
  run: () => void | Promise<void>;
}

/**
 * Runs each step in turn, awaiting it, and goes on past a failure. `onError` hears each failure as it
 * happens; after the last step, the failures are thrown together as one AggregateError.
 */
export async function closeInOrder(
  steps: readonly CloseStep[],
  onError?: (step: string, error: unknown) => void,
): Promise<void> {
  const failed: { step: string; error: unknown }[] = [];
  for (const step of steps) {
    try {
      await step.run();
    } catch (error) {
      failed.push({ step: step.name, error });
      onError?.(step.name, error);
    }
  }
  if (failed.length > 0) {
    const names = failed.map((failure) => failure.step).join(', ');
    throw new AggregateError(
      failed.map((failure) => failure.error),
      `Shutdown finished, but ${failed.length} of ${steps.length} steps failed (${names}); the other steps ran, the lock included. See the log for each error.`,
    );
  }
}

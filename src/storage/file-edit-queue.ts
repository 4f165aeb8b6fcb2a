// One queue per file: read-modify-write edits of the same file in this process run one at a time.
import path from 'node:path';

const queues = new Map<string, Promise<unknown>>();

/** Runs `edit` after every earlier edit of `file` has settled; a failed edit does not block the next. */
export function queueFileEdit<T>(file: string, edit: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(edit);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  // Forget an idle file so that the map does not grow with every path ever edited.
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

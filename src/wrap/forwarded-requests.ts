// The ids of the client's requests (other than tracked tool calls) that the server has and has not answered yet.
import { idKey, type RequestId } from './json-rpc-shapes.js';

export class ForwardedRequests {
  /** Method by id key: the id is what the server's answer is matched by, so no other request may share it meanwhile. */
  private readonly methods = new Map<string, string>();

  /** @param max requests in flight at most; past it `add` refuses (each entry is held until answered). */
  constructor(private readonly max: number) {}

  /** Notes that the server has a request under `id`; false (nothing noted) when `max` are in flight already. */
  add(id: RequestId, method: string): boolean {
    if (this.methods.size >= this.max) return false;
    this.methods.set(idKey(id), method);
    return true;
  }

  /** The method of the request in flight under `id`, if any. */
  get(id: RequestId): string | undefined {
    return this.methods.get(idKey(id));
  }

  /** The request under `id` is over (answered or cancelled); true when there was one. */
  take(id: RequestId): boolean {
    return this.methods.delete(idKey(id));
  }

  /** The server is gone: none of its answers will come. */
  clear(): void {
    this.methods.clear();
  }
}

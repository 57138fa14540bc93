/** A typed, promise-based client for the parsing Worker. */
import type { Envelope, ParsedSlice, Reply, Request, ResponseMap } from './protocol.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; partial?: (slices: ParsedSlice[]) => void };

export class WorkerClient {
  #worker: Worker;
  #next = 1;
  #pending = new Map<number, Pending>();

  constructor() {
    this.#worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module', name: 'pem-inspector-core' });
    this.#worker.onmessage = (e: MessageEvent<Reply>) => {
      const p = this.#pending.get(e.data.id);
      if (!p) return;
      if ('partial' in e.data) {
        p.partial?.(e.data.partial);
        return;
      }
      this.#pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.value);
      else p.reject(new Error(e.data.error));
    };
    this.#worker.onerror = (e) => {
      // A crashed worker would leave every caller waiting forever.
      for (const p of this.#pending.values()) p.reject(new Error(`The reader stopped: ${e.message}`));
      this.#pending.clear();
    };
  }

  call<T extends Request>(request: T, transfer: Transferable[] = [], partial?: (slices: ParsedSlice[]) => void): Promise<ResponseMap[T['type']]> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, partial });
      const envelope: Envelope = { id, request };
      this.#worker.postMessage(envelope, transfer);
    });
  }
}

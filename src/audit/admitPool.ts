import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import type { AdmittedBatch, Admitter } from "./admit";
import type { SubtreeHasher } from "./merkle";

/**
 * Worker threads that validate pages (JSON parse, schema, canonical JSON, leaf hashes: the export's heaviest per-event
 * work) while the main thread reads and spills, then hash Merkle subtrees while the main thread merges. Results come
 * back per request, so each slice sees its pages' results in its own order and the output does not depend on which
 * thread did the work. Requests go to the least busy worker.
 */
export class AdmitPool {
  private readonly workers: { worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = spawnAdmitWorker();
      const slot = { worker, pending: 0 };
      worker.on("message", (m: { id: number; result: unknown }) => {
        slot.pending--;
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        w?.resolve(m.result);
      });
      worker.on("error", (err) => this.fail(err));
      worker.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`admission worker exited with code ${code}`));
      });
      this.workers.push(slot);
    }
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  private request<T>(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const slot = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a));
    const id = this.nextId++;
    slot.pending++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
      slot.worker.postMessage({ ...message, id }, transfer);
    });
  }

  readonly admit: Admitter = (messages, tenant, leafHashes) => this.request<AdmittedBatch>({ tenant, messages, leafHashes });

  /** Hashes a Merkle subtree on a worker; the leaves' buffer is transferred (it must be a buffer of its own). */
  readonly subtreeRoot: SubtreeHasher = (leaves) => this.request<Uint8Array>({ leaves }, [leaves.buffer as ArrayBuffer]);

  async close(): Promise<void> {
    this.failed ??= new Error("admission pool closed");
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** The worker from compiled JavaScript, or — running from TypeScript sources (tsx, vitest) — through tsx's loader. */
function spawnAdmitWorker(): Worker {
  const file = join(__dirname, `admitWorker${extname(__filename)}`);
  if (extname(__filename) !== ".ts") return new Worker(file);
  const code = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true });
}

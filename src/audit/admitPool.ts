import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import type { AdmittedBatch, Admitter } from "./admit";

/**
 * Worker threads that validate pages (JSON parse, schema, canonical JSON: the export's heaviest per-event work) while
 * the main thread reads, spills and writes. Results come back per request, so each slice sees its pages' results in
 * its own order and the output does not depend on which thread did the work. Requests go to the least busy worker.
 */
export class AdmitPool {
  private readonly workers: { worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (b: AdmittedBatch) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = spawnAdmitWorker();
      const slot = { worker, pending: 0 };
      worker.on("message", (m: { id: number; batch: AdmittedBatch }) => {
        slot.pending--;
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        w?.resolve(m.batch);
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

  readonly admit: Admitter = (messages, tenant) => {
    if (this.failed) return Promise.reject(this.failed);
    const slot = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a));
    const id = this.nextId++;
    slot.pending++;
    return new Promise<AdmittedBatch>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, tenant, messages });
    });
  };

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

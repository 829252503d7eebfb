/** Worker-thread entry of the admission pool: validates pages of log messages, and hashes Merkle subtrees, off the main thread. */
import { parentPort } from "node:worker_threads";
import { admitMessages } from "./admit";
import { perfectSubtreeRoot } from "./merkle";

type Request = { id: number; tenant: string; messages: string[]; leafHashes: boolean } | { id: number; leaves: Uint8Array };

parentPort?.on("message", (request: Request) => {
  if ("leaves" in request) {
    parentPort?.postMessage({ id: request.id, result: perfectSubtreeRoot(request.leaves) });
    return;
  }
  const batch = admitMessages(request.messages, request.tenant, request.leafHashes);
  // the run lines' buffer is the batch's own (never a shared pool slab): hand it over without a copy
  parentPort?.postMessage({ id: request.id, result: batch }, [batch.run.buffer as ArrayBuffer]);
});

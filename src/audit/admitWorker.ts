/** Worker-thread entry of the admission pool: validates pages of log messages off the main thread. */
import { parentPort } from "node:worker_threads";
import { admitMessages } from "./admit";

parentPort?.on("message", (request: { id: number; tenant: string; messages: string[] }) => {
  parentPort?.postMessage({ id: request.id, batch: admitMessages(request.messages, request.tenant) });
});

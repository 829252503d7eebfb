import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from "yaml";
import type { KeyGeneration } from "./keyGenerations";

/**
 * Adds a key replacement to a tenant file's text (`kmsKeys`, appended), keeping its comments and layout. Pure:
 * returns the new text, or the same text when the key is already recorded (so recording twice changes nothing).
 */
export function withKeyReplacement(text: string, generation: KeyGeneration): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`the tenant file does not parse: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error("the tenant file is not a mapping");
  const existing = doc.get("kmsKeys");
  if (existing !== undefined && !isSeq(existing)) throw new Error("kmsKeys is not a list");
  const seq = (existing as YAMLSeq | undefined) ?? new YAMLSeq();
  if (seq.items.some((item) => isMap(item) && item.get("keyId") === generation.keyId)) return text;
  const entry = new YAMLMap();
  entry.set("keyId", generation.keyId);
  entry.set("since", generation.since);
  if (generation.incident !== undefined) entry.set("incident", generation.incident);
  seq.items.push(entry);
  if (existing === undefined) {
    doc.set("kmsKeys", seq);
    const pair = (doc.contents as YAMLMap).items.find((p) => (p.key as { value?: unknown } | null)?.value === "kmsKeys" || p.key === "kmsKeys");
    if (pair && pair.key && typeof pair.key === "object") {
      (pair.key as { commentBefore?: string }).commentBefore = " Replacement KMS keys (written by the kms-key-compromise runbook); the last one is in use. Deploy with the pull-request flow.";
    }
  }
  return doc.toString();
}

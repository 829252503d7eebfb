import { isMap, isSeq, parseDocument, YAMLMap, type YAMLSeq } from "yaml";
import type { KeyGeneration } from "./keyGenerations";

const COMMENT = "# Replacement KMS keys, oldest first; the last is in use (written by the kms-key-compromise runbook; deploy with the pull-request flow).";

const entryLines = (g: KeyGeneration): string =>
  [`  - keyId: ${g.keyId}`, `    since: "${g.since}"`, ...(g.incident === undefined ? [] : [`    incident: ${g.incident}`])].join("\n") + "\n";

/**
 * Adds a key replacement to a tenant file's text (`kmsKeys`, appended), keeping the rest of the file as it was. Pure:
 * returns the new text, or the same text when the key is already recorded (so recording twice changes nothing).
 */
export function withKeyReplacement(text: string, generation: KeyGeneration): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`the tenant file does not parse: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error("the tenant file is not a mapping");
  const existing = doc.get("kmsKeys");
  if (existing === undefined) {
    // No list yet: append it as text, so every byte before it stays as the person wrote it.
    return `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${COMMENT}\nkmsKeys:\n${entryLines(generation)}`;
  }
  if (!isSeq(existing)) throw new Error("kmsKeys is not a list");
  const seq = existing as YAMLSeq;
  if (seq.items.some((item) => isMap(item) && item.get("keyId") === generation.keyId)) return text;
  const entry = new YAMLMap();
  entry.set("keyId", generation.keyId);
  entry.set("since", generation.since);
  if (generation.incident !== undefined) entry.set("incident", generation.incident);
  seq.items.push(entry);
  return doc.toString({ flowCollectionPadding: false });
}

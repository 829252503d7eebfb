import { stringify } from "csv-stringify/sync";
import { neutralizeCsvCell } from "../core/csv";
import type { AuditEvent } from "./event";

export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** CSV columns, in order; `metadata` holds the metadata object as JSON. */
export const CSV_COLUMNS = ["eventId", "timestamp", "tenant", "actorType", "actorId", "actorEmail", "action", "target", "ip", "userAgent", "outcome", "metadata"] as const;

/** The header record of every CSV file (with its "\n"). */
export const CSV_HEADER = stringify([[...CSV_COLUMNS]]);

/**
 * One event as one CSV record, quoted by csv-stringify, without the trailing "\n". Cells a spreadsheet would run as a
 * formula (leading `=`, `+`, `-`, `@`, tab, CR: user agents, targets and emails are attacker-controlled) get a
 * leading `'` (src/core/csv.ts); the JSONL format keeps values exactly.
 */
export function csvRecord(event: AuditEvent): string {
  const row = [
    event.eventId,
    event.timestamp,
    event.tenant,
    event.actor.type,
    event.actor.id,
    event.actor.email ?? "",
    event.action,
    event.target ?? "",
    event.ip,
    event.userAgent,
    event.outcome,
    event.metadata === undefined ? "" : JSON.stringify(event.metadata),
  ];
  const text = stringify([row.map(neutralizeCsvCell)]);
  return text.slice(0, -1);
}

/**
 * Splits one CSV record (RFC 4180 quoting, as csv-stringify writes it) into fields. Used by verify on our own files.
 * Returns undefined when quotes are unbalanced (the record continues on the next line).
 */
export function csvFields(record: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (record[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) return undefined;
        value += record.slice(i, q);
        if (record[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = record.indexOf(",", i);
      fields.push(record.slice(i, comma < 0 ? record.length : comma));
      i = comma < 0 ? record.length : comma;
    }
    if (i >= record.length) return fields;
    if (record[i] !== ",") return undefined;
    i++;
    if (i === record.length) {
      fields.push("");
      return fields;
    }
  }
}

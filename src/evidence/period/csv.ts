import { stringify } from "csv-stringify/sync";

/**
 * A cell a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe, as
 * OWASP recommends for CSV injection: tenant names, messages and URNs are not ours to trust.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV with a header row; every string cell neutralised. */
export function csv(columns: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return stringify(
    rows.map((r) => r.map((v) => (v === null || v === undefined ? "" : typeof v === "string" ? neutraliseCell(v) : v))),
    { header: true, columns: [...columns] },
  );
}

/**
 * CSV cells for files people open in spreadsheets. A cell starting with `=`, `+`, `-`, `@`, tab or carriage return
 * is run as a formula by Excel, LibreOffice and Google Sheets ("CSV injection"); tenant names and user agents are
 * attacker-controlled. As OWASP recommends, such a cell is prefixed with a single quote, which spreadsheets show as
 * text. Every CSV the project writes goes through this module.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell's text, with a leading `'` when a spreadsheet would treat it as a formula. */
export function neutralizeCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

// A cell that is neither formula-like nor in need of quotes (most of them): written as it is.
const PLAIN_CELL = /^(?![=+\-@\t\r])[^",\r\n]*$/;

/** One RFC 4180 field: neutralised, then quoted when it holds a comma, quote, CR or LF. */
export function csvField(value: unknown): string {
  if (typeof value === "string" && PLAIN_CELL.test(value)) return value;
  const text = neutralizeCsvCell(value === undefined || value === null ? "" : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its "\n". */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvField).join(",") + "\n";
}

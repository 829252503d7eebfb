import { usageError } from "../../core/errors";

/** An audit period: whole UTC days, both ends included. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function dayMs(flag: string, text: string): number {
  const m = DAY.exec(text);
  const ms = m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw usageError("E_USAGE", `${flag}: ${JSON.stringify(text)} is not a date; expected YYYY-MM-DD`);
  }
  return ms;
}

/** `--period 2026-01-01..2026-12-31` → the period (inclusive days). Exit 2 on anything else. */
export function parsePeriod(text: string): Period {
  const parts = text.split("..");
  if (parts.length !== 2) throw usageError("E_USAGE", `--period ${JSON.stringify(text)}: expected <from>..<to>, e.g. 2026-01-01..2026-12-31 (both days included)`);
  const [from, to] = parts as [string, string];
  if (dayMs("--period", to) < dayMs("--period", from)) throw usageError("E_USAGE", `--period ${text}: ${to} is before ${from}`);
  return { from, to };
}

/** Every day of the period, in order. */
export function periodDays(period: Period): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${period.from}T00:00:00Z`), end = Date.parse(`${period.to}T00:00:00Z`); ms <= end; ms += MS_PER_DAY) {
    days.push(new Date(ms).toISOString().slice(0, 10));
  }
  return days;
}

/** Runs of consecutive days missing from `covered`: the gaps in coverage. */
export function gaps(days: readonly string[], covered: ReadonlySet<string>): { from: string; to: string; days: number }[] {
  const out: { from: string; to: string; days: number }[] = [];
  let open: { from: string; to: string; days: number } | undefined;
  for (const d of days) {
    if (covered.has(d)) {
      open = undefined;
      continue;
    }
    if (open === undefined) {
      open = { from: d, to: d, days: 1 };
      out.push(open);
    } else {
      open.to = d;
      open.days++;
    }
  }
  return out;
}

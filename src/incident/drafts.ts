import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "./store";

/** A draft kept because a person edited the file the tool wrote before: the new draft went alongside it. */
export interface KeptEdit {
  /** The edited file, left as it is. */
  readonly file: string;
  /** Where the new draft was written instead. */
  readonly draft: string;
}

export interface DraftsWritten {
  /** Where each draft now is (paths relative to the incident folder), in the order given. */
  readonly files: string[];
  /** SHA-256 of each file written: the journal records them, so a later edit is recognised. */
  readonly digests: Record<string, string>;
  readonly kept: KeptEdit[];
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** `authority-art33.md` → `authority-art33.new-20261129T120000Z.md` (with -2, -3… when that exists too). */
function alongside(target: string, name: string, at: Date): string {
  const dot = name.lastIndexOf(".");
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let n = 1; ; n++) {
    const candidate = `${base}.new-${stamp(at)}${n === 1 ? "" : `-${n}`}${ext}`;
    if (!existsSync(join(target, candidate))) return candidate;
  }
}

/**
 * Writes drafts under the incident folder without ever losing a person's edits. A file is overwritten only when it is
 * exactly what the tool wrote last (its digest as the journal recorded it) or does not exist. A file that differs —
 * someone edited it, or wrote it by hand — is left as it is and the new draft is written alongside it
 * (`<name>.new-<UTC time>.md`), reported in `kept`.
 */
export function writeDrafts(folder: string, sub: string, files: readonly { name: string; text: string }[], known: ReadonlyMap<string, string>, at: Date): DraftsWritten {
  const target = join(folder, sub);
  mkdirSync(target, { recursive: true });
  const out: DraftsWritten = { files: [], digests: {}, kept: [] };
  for (const f of files) {
    if (!/^[A-Za-z0-9._-]+$/.test(f.name)) throw new Error(`unsafe file name ${f.name}`);
    const rel = (name: string) => (sub === "." ? name : join(sub, name));
    const path = join(target, f.name);
    const digest = sha256(f.text);
    let name = f.name;
    if (existsSync(path)) {
      const current = sha256(readFileSync(path, "utf8"));
      if (current !== digest && current !== known.get(rel(f.name))) {
        name = alongside(target, f.name, at);
        out.kept.push({ file: rel(f.name), draft: rel(name) });
      }
    }
    writeFileSync(join(target, name), f.text);
    out.files.push(rel(name));
    out.digests[rel(name)] = digest;
  }
  return out;
}

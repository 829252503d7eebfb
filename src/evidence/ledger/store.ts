import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { OpsError, usageError, ExitCode } from "../../core/errors";
import type { StoredRecord } from "./chain";

/** The ledger's last record, kept beside the records so that records removed from the end are noticed. */
export interface LedgerHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Where ledger records live: a local folder, or an S3 bucket with Object Lock. Records are written once and never
 * replaced (`create` fails with E_LEDGER_CONFLICT when the name exists: another run appended first).
 */
export interface LedgerStore {
  /** Where the ledger is, for messages and manifests ("folder .evidence-ledger", "s3://bucket/prefix"). */
  readonly location: string;
  /** Checks the store can hold a ledger (the S3 bucket has Object Lock enabled); a folder is created. */
  prepare(): Promise<void>;
  list(): Promise<StoredRecord[]>;
  readHead(): Promise<LedgerHead | undefined>;
  create(name: string, text: string): Promise<void>;
  writeHead(head: LedgerHead): Promise<void>;
}

export const conflict = (location: string, name: string): OpsError =>
  new OpsError("E_LEDGER_CONFLICT", `${location}: record ${name} already exists (another evidence run appended at the same time)`, { exitCode: ExitCode.environment });

const RECORD_NAME = /^\d{8}\.json$/;

export function parseHead(text: string, where: string): LedgerHead {
  try {
    const h = JSON.parse(text) as Partial<LedgerHead>;
    if (typeof h.seq === "number" && typeof h.hash === "string") return { seq: h.seq, hash: h.hash };
  } catch {
    // reported below
  }
  throw new OpsError("E_LEDGER_BROKEN", `${where}: the ledger head is not {seq, hash}`, { exitCode: ExitCode.findings });
}

/** A ledger in a local folder: `records/<seq>.json` (created exclusively, fsync'd) and `HEAD.json`. */
export class FolderLedgerStore implements LedgerStore {
  readonly location: string;

  constructor(private readonly dir: string, shown: string = dir) {
    this.location = shown;
  }

  private get records(): string {
    return join(this.dir, "records");
  }

  async prepare(): Promise<void> {
    if (existsSync(this.dir) && !statSync(this.dir).isDirectory()) throw usageError("E_LEDGER_LOCATION", `--ledger ${this.location} is a file; expected a folder or s3://bucket/prefix`);
    mkdirSync(this.records, { recursive: true });
  }

  async list(): Promise<StoredRecord[]> {
    if (!existsSync(this.records)) return [];
    return readdirSync(this.records)
      .filter((n) => n.endsWith(".json"))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(this.records, name), "utf8") }));
  }

  async readHead(): Promise<LedgerHead | undefined> {
    const path = join(this.dir, "HEAD.json");
    return existsSync(path) ? parseHead(readFileSync(path, "utf8"), `${this.location}/HEAD.json`) : undefined;
  }

  async create(name: string, text: string): Promise<void> {
    if (!RECORD_NAME.test(name)) throw new Error(`not a ledger record name: ${name}`);
    let fd: number;
    try {
      fd = openSync(join(this.records, name), "wx");
    } catch (err) {
      if ((err as { code?: string }).code === "EEXIST") throw conflict(this.location, name);
      throw err;
    }
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  async writeHead(head: LedgerHead): Promise<void> {
    const tmp = join(this.dir, `.HEAD.json.${process.pid}`);
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, JSON.stringify(head) + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, "HEAD.json"));
  }
}

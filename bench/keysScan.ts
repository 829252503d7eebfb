/**
 * `keys scan` throughput over a generated tree of text files (source-like lines, a few keys and near-misses), against
 * a same-run baseline that only reads the same files in the same 64 KiB chunks. Also: one big file (memory stays flat).
 * Run: npx tsx bench/keysScan.ts [megabytes]
 */
import { mkdirSync, mkdtempSync, openSync, closeSync, readSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKey } from "../src/keys/format";
import { scanPaths } from "../src/keys/scanFiles";
import { fmt, median, peakRssMb } from "./support";

const megabytes = Number(process.argv[2] ?? 64);
const dir = mkdtempSync(join(tmpdir(), "bench-keys-"));
const FILE_BYTES = 32 * 1024;
const planted = 25;

function line(i: number): string {
  const kinds = [
    `  const value${i} = await client.send(new PutObjectCommand({ Bucket: "b-${i}", Key: "k/${i}" }));\n`,
    `// emk_live_ appears in docs as a prefix only; token_${i} = "${"x".repeat(20)}"\n`,
    `export function handler${i}(event: unknown): Promise<void> { return process(event, ${i}); }\n`,
    `INFO 2026-12-03T05:00:00Z request id=${i.toString(36)} path=/v1/messages status=200 ms=${i % 997}\n`,
  ];
  return kinds[i % kinds.length]!;
}

// The tree: 8 folders of files of about 32 KiB; keys planted in some files, near-misses (bad checksum) in others.
const files: string[] = [];
const total = megabytes * 1024 * 1024;
let written = 0;
let n = 0;
while (written < total) {
  const sub = join(dir, `pkg${n % 8}`, "src");
  mkdirSync(sub, { recursive: true });
  let text = "";
  for (let i = 0; text.length < FILE_BYTES; i++) text += line(n * 1000 + i);
  if (n % Math.max(1, Math.floor(total / FILE_BYTES / planted)) === 0) text += `const apiKey = "${generateKey()}";\n`;
  if (n % 7 === 3) {
    const k = generateKey();
    text += `const typo = "${k.slice(0, 20)}${k[20] === "a" ? "b" : "a"}${k.slice(21)}";\n`;
  }
  const file = join(sub, `file${n}.ts`);
  writeFileSync(file, text);
  files.push(file);
  written += text.length;
  n++;
}
const mb = written / 1024 / 1024;

function readOnly(): number {
  const buf = Buffer.allocUnsafe(64 * 1024);
  let bytes = 0;
  for (const d of readdirSync(dir).sort()) {
    for (const f of readdirSync(join(dir, d, "src")).sort()) {
      const fd = openSync(join(dir, d, "src", f), "r");
      for (let r; (r = readSync(fd, buf, 0, buf.length, null)) > 0; ) bytes += r;
      closeSync(fd);
    }
  }
  return bytes;
}

async function main(): Promise<void> {
  readOnly(); // warm the page cache for both
  const base: number[] = [];
  const scan: number[] = [];
  let found = 0;
  for (let round = 0; round < 3; round++) {
    let t = process.hrtime.bigint();
    readOnly();
    base.push(Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    const r = await scanPaths([dir]);
    scan.push(Number(process.hrtime.bigint() - t) / 1e9);
    found = r.hits.length;
  }
  const scanS = median(scan);
  const baseS = median(base);
  console.log(`tree: ${files.length} files, ${fmt(mb, 1)} MB, ${found} keys found (near-misses with a bad checksum not reported)`);
  console.log(`keys scan: ${fmt(mb / scanS, 1)} MB/s (${fmt(scanS, 3)} s median of 3)`);
  console.log(`baseline (same chunked reads, no scanning): ${fmt(mb / baseS, 1)} MB/s — scan at ${fmt(baseS / scanS, 2)}× the read-only speed`);

  // One big file: memory does not grow with its size.
  const big = join(dir, "big.log");
  let chunk = "";
  for (let i = 0; chunk.length < 1024 * 1024; i++) chunk += line(i);
  const fd = openSync(big, "w");
  const bigMb = Math.min(256, megabytes * 2);
  for (let i = 0; i < bigMb; i++) writeFileSync(fd, chunk);
  closeSync(fd);
  const before = peakRssMb();
  const t = process.hrtime.bigint();
  await scanPaths([big]);
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`one ${bigMb} MB file: ${fmt(bigMb / s, 1)} MB/s; peak RSS ${peakRssMb()} MB (before it: ${before} MB)`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  rmSync(dir, { recursive: true, force: true });
  console.error(err);
  process.exit(1);
});

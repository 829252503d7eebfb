import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitCommit } from "../../src/evidence/git";

const SHA = "0123456789abcdef0123456789abcdef01234567";
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "evidence-git-"));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  return dir;
}

describe("src/evidence/git", () => {
  it("reads the commit of the checked-out branch", () => {
    expect(gitCommit(repo({ ".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": `${SHA}\n` }))).toBe(SHA);
  });

  it("reads a packed ref", () => {
    expect(gitCommit(repo({ ".git/HEAD": "ref: refs/heads/main\n", ".git/packed-refs": `# pack-refs with: peeled\n${SHA} refs/heads/main\n` }))).toBe(SHA);
  });

  it("reads a detached HEAD from a subfolder", () => {
    const dir = repo({ ".git/HEAD": `${SHA}\n`, "sub/x": "" });
    expect(gitCommit(join(dir, "sub"))).toBe(SHA);
  });

  it("says unknown outside a repository", () => {
    expect(gitCommit(mkdtempSync(join(tmpdir(), "no-git-")))).toBe("unknown");
  });
});

import { describe, expect, it } from "vitest";
import { ChunkedMerkle, leafHash, MERKLE_CHUNK, MerkleAccumulator, merkleRootOf, perfectSubtreeRoot } from "../../src/audit/merkle";

// The leaves of the RFC 6962 test vectors used by certificate-transparency and trillian, with the root for 1..8 leaves.
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((h) => Buffer.from(h, "hex"));
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

describe("src/audit/merkle", () => {
  it("hashes the empty tree as SHA-256 of nothing", () => {
    expect(new MerkleAccumulator().root().toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(merkleRootOf([]).toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("matches the RFC 6962 test vectors for 1 to 8 leaves, streaming and recursive", () => {
    for (let n = 1; n <= 8; n++) {
      const leaves = LEAVES.slice(0, n).map((d) => leafHash(d));
      const acc = new MerkleAccumulator();
      leaves.forEach((l) => acc.addLeafHash(l));
      expect([n, acc.root().toString("hex")]).toEqual([n, ROOTS[n - 1]]);
      expect([n, merkleRootOf(leaves).toString("hex")]).toEqual([n, ROOTS[n - 1]]);
    }
  });

  it("agrees with the recursive definition for every size up to 300", () => {
    const leaves: Buffer[] = [];
    const acc = new MerkleAccumulator();
    for (let n = 1; n <= 300; n++) {
      const leaf = leafHash(`event ${n}`);
      leaves.push(leaf);
      acc.addLeafHash(leaf);
      expect(acc.root().equals(merkleRootOf(leaves))).toBe(true);
    }
    expect(acc.size).toBe(300);
  });

  it("hashes a perfect subtree from its concatenated leaf hashes as the recursive definition does", () => {
    const leaves = Array.from({ length: 64 }, (_, i) => leafHash(`event ${i}`));
    expect(perfectSubtreeRoot(Buffer.concat(leaves)).equals(merkleRootOf(leaves))).toBe(true);
    expect(() => perfectSubtreeRoot(Buffer.concat(leaves.slice(0, 3)))).toThrow("a perfect subtree needs a power of two of 32-byte leaf hashes, got 96 bytes");
  });

  it("adds an aligned subtree as if its leaves were added one by one, and refuses an unaligned one", () => {
    const leaves = Array.from({ length: 12 }, (_, i) => leafHash(`event ${i}`));
    const acc = new MerkleAccumulator();
    leaves.slice(0, 8).forEach((l) => acc.addLeafHash(l));
    acc.addSubtree(merkleRootOf(leaves.slice(8, 12)), 4);
    expect(acc.root().equals(merkleRootOf(leaves))).toBe(true);
    expect(acc.size).toBe(12);
    expect(() => acc.addSubtree(leaves[0] as Buffer, 8)).toThrow("a subtree of 8 leaves cannot follow 12 leaves");
  });

  it("gives the same root in chunks, hashed here or by a hasher elsewhere, around the chunk size", async () => {
    const all = Array.from({ length: 2 * MERKLE_CHUNK + 5 }, (_, i) => leafHash(`event ${i}`));
    for (const n of [0, 1, MERKLE_CHUNK - 1, MERKLE_CHUNK, MERKLE_CHUNK + 1, 2 * MERKLE_CHUNK + 5]) {
      const leaves = all.slice(0, n);
      const expected = merkleRootOf(leaves).toString("hex");
      const here = new MerkleAccumulator();
      const inline = new ChunkedMerkle(here);
      leaves.forEach((l, i) => (i % 2 === 0 ? inline.addLeaf(l) : inline.addLeafHex(l.toString("hex"))));
      await inline.finish();
      const there = new MerkleAccumulator();
      let calls = 0;
      const deferred = new ChunkedMerkle(there, async (chunk) => (calls++, perfectSubtreeRoot(chunk)));
      leaves.forEach((l) => deferred.addLeaf(l));
      await deferred.finish();
      expect([n, here.root().toString("hex"), there.root().toString("hex"), here.size, there.size]).toEqual([n, expected, expected, n, n]);
      expect(calls).toBe(Math.floor(n / MERKLE_CHUNK));
    }
  });
});

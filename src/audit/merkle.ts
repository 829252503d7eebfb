import { createHash, hash } from "node:crypto";

/**
 * RFC 6962 (Certificate Transparency) Merkle tree hashing with SHA-256: leaf = H(0x00 || data), node = H(0x01 || left
 * || right); the tree of n leaves splits at the largest power of two below n; the empty tree's hash is H("").
 */
const LEAF = Buffer.from([0x00]);

/** H(0x00 || data); for a string, its UTF-8 bytes (one-shot hashing: the export computes one per event). */
export function leafHash(data: string | Uint8Array): Buffer {
  if (typeof data === "string") return hash("sha256", "\u0000" + data, "buffer"); // U+0000 is the single UTF-8 byte 0x00
  return hash("sha256", Buffer.concat([LEAF, data]), "buffer");
}

const nodeInput = Buffer.alloc(65, 0x01);

/** H(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return hash("sha256", nodeInput, "buffer");
}

/** The root hash of a list of leaf hashes, by the RFC's recursive definition (reference; holds all leaves). */
export function merkleRootOf(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return createHash("sha256").digest();
  if (leaves.length === 1) return Buffer.from(leaves[0] as Uint8Array);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(merkleRootOf(leaves.slice(0, k)), merkleRootOf(leaves.slice(k)));
}

/**
 * The same root computed while streaming, in O(log n) memory: a stack of perfect subtrees whose sizes are the binary
 * digits of the leaf count (like a binary counter). Two equal-sized neighbours merge as soon as they exist; at the end
 * the stack folds right to left, which is exactly the RFC's split at the largest power of two.
 */
export class MerkleAccumulator {
  private readonly stack: { hash: Buffer; size: number }[] = [];
  private count = 0;

  addLeafHash(hash: Buffer): void {
    let node = { hash, size: 1 };
    for (let top = this.stack[this.stack.length - 1]; top !== undefined && top.size === node.size; top = this.stack[this.stack.length - 1]) {
      this.stack.pop();
      node = { hash: nodeHash(top.hash, node.hash), size: top.size * 2 };
    }
    this.stack.push(node);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  root(): Buffer {
    if (this.stack.length === 0) return createHash("sha256").digest();
    let acc = (this.stack[this.stack.length - 1] as { hash: Buffer }).hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash((this.stack[i] as { hash: Buffer }).hash, acc);
    return acc;
  }
}

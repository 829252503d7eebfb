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
    this.addSubtree(hash, 1);
  }

  /**
   * Adds the root of a perfect subtree of `size` leaves (a power of two) that come next, when the leaves so far are a
   * multiple of `size`: the same as adding its leaves one by one, since those would merge into exactly that node.
   */
  addSubtree(hash: Buffer, size: number): void {
    if (size < 1 || (size & (size - 1)) !== 0 || this.count % size !== 0) throw new Error(`a subtree of ${size} leaves cannot follow ${this.count} leaves`);
    let node = { hash, size };
    for (let top = this.stack[this.stack.length - 1]; top !== undefined && top.size === node.size; top = this.stack[this.stack.length - 1]) {
      this.stack.pop();
      node = { hash: nodeHash(top.hash, node.hash), size: top.size * 2 };
    }
    this.stack.push(node);
    this.count += size;
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

/**
 * The root of the perfect tree over a power-of-two number of leaf hashes, given as consecutive 32-byte hashes; hashed
 * level by level in place (the buffer is overwritten).
 */
export function perfectSubtreeRoot(leaves: Uint8Array): Buffer {
  let n = leaves.length / 32;
  if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`a perfect subtree needs a power of two of 32-byte leaf hashes, got ${leaves.length} bytes`);
  const level = Buffer.from(leaves.buffer, leaves.byteOffset, leaves.length);
  for (; n > 1; n /= 2) {
    for (let i = 0; i < n / 2; i++) {
      nodeInput.set(level.subarray(64 * i, 64 * i + 64), 1);
      level.set(hash("sha256", nodeInput, "buffer"), 32 * i);
    }
  }
  return Buffer.from(level.subarray(0, 32));
}

/** Leaves per chunk of {@link ChunkedMerkle} (512 KiB of hashes). */
export const MERKLE_CHUNK = 1 << 14;

/** Hashes a perfect subtree's leaves (consecutive 32-byte hashes) into its root, maybe on another thread. */
export type SubtreeHasher = (leaves: Uint8Array) => Promise<Uint8Array>;

/**
 * Feeds leaf hashes, in order, into a {@link MerkleAccumulator} in chunks of {@link MERKLE_CHUNK} leaves: each full
 * chunk is a perfect, aligned subtree, hashed here or — with a `hasher` — on another thread while the caller goes on
 * (half the hashing of an export is the inner nodes). Subtree roots are added in order; the leaves of the last,
 * partial chunk one by one. At most a few chunks are in flight: the caller awaits {@link drain} when
 * {@link backlog} grows.
 */
export class ChunkedMerkle {
  private chunk = Buffer.allocUnsafeSlow(32 * MERKLE_CHUNK);
  private filled = 0;
  private readonly pending: Promise<Uint8Array>[] = [];

  constructor(
    private readonly tree: MerkleAccumulator,
    private readonly hasher?: SubtreeHasher,
  ) {}

  /** Chunks being hashed elsewhere, not yet added. */
  get backlog(): number {
    return this.pending.length;
  }

  addLeafHex(hex: string): void {
    this.chunk.write(hex, this.filled * 32, "hex");
    if (++this.filled === MERKLE_CHUNK) this.seal();
  }

  addLeaf(hash: Uint8Array): void {
    this.chunk.set(hash, this.filled * 32);
    if (++this.filled === MERKLE_CHUNK) this.seal();
  }

  private seal(): void {
    if (this.hasher === undefined) this.tree.addSubtree(perfectSubtreeRoot(this.chunk), MERKLE_CHUNK);
    else {
      const root = this.hasher(this.chunk);
      root.catch(() => undefined); // awaited in drain; this keeps an abandoned export from an unhandled rejection
      this.pending.push(root);
    }
    this.chunk = Buffer.allocUnsafeSlow(32 * MERKLE_CHUNK);
    this.filled = 0;
  }

  /** Adds the roots of chunks hashed elsewhere, waiting for them, until at most `max` are in flight. */
  async drain(max: number): Promise<void> {
    while (this.pending.length > max) this.tree.addSubtree(Buffer.from(await (this.pending.shift() as Promise<Uint8Array>)), MERKLE_CHUNK);
  }

  /** Adds everything: the chunks in flight, then the last chunk's leaves. */
  async finish(): Promise<void> {
    await this.drain(0);
    for (let i = 0; i < this.filled; i++) this.tree.addLeafHash(Buffer.from(this.chunk.subarray(32 * i, 32 * i + 32)));
    this.filled = 0;
  }
}

/**
 * Stable shard assignment: FNV-1a (32 bit) of the tenant id, modulo the shard count. It depends on nothing but
 * the id, so adding or removing a tenant never moves another; changing the shard count does (plan that move).
 */
export function shardOf(tenantId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < tenantId.length; i++) {
    h ^= tenantId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/**
 * Served answers kept in memory, least recently used out first, bounded by their total size.
 * Entries of one site go together when it is built again. With `ttlMs` (several replicas share
 * a PostgreSQL and another may have built the site) entries also expire.
 */
export class ServedCache<V extends { bytes: number }> {
  private readonly entries = new Map<string, { site: string; value: V; at: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly ttlMs?: number,
  ) {}

  get(site: string, key: string): V | undefined {
    const id = `${site}\0${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.ttlMs !== undefined && performance.now() - entry.at > this.ttlMs) {
      this.delete(id);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  set(site: string, key: string, value: V): void {
    if (value.bytes > this.maxBytes / 4) return;
    const id = `${site}\0${key}`;
    this.delete(id);
    this.entries.set(id, { site, value, at: performance.now() });
    this.bytes += value.bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  /** Forgets every entry of a site. */
  dropSite(site: string): void {
    for (const [id, entry] of this.entries) if (entry.site === site) this.delete(id);
  }

  private delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.bytes -= entry.value.bytes;
    this.entries.delete(id);
  }
}

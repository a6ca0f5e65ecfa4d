// Read-mostly records (the store a group chat is bound to, a staff member, the agents' groups) kept in
// memory for a few seconds, so that a cashier's command does not read them from the database each time.
// A change made through this process clears the cache at once; other processes see it within the TTL.
// Entries are per database, so one process serving several databases (tests) never mixes them.
import mongoose from 'mongoose';

export const READ_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  /** Bumped by clear(), so that a read begun before a change is not kept after it. */
  private generation = 0;

  constructor(private readonly ttlMs = READ_CACHE_MS) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const scoped = `${mongoose.connection.name}\u0000${key}`;
    const hit = this.entries.get(scoped);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation !== this.generation) return value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(scoped, { value, at: Date.now() });
    return value;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

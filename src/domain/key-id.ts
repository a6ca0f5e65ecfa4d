// Ids made from an idempotency key: a repeated request computes the id the first one stored its work under.
import { createHash } from 'node:crypto';

/** A letter naming the kind, then 12 hex digits of the key's hash, upper case (e.g. "K3F9A…"). */
export function idFromKey(prefix: string, key: string): string {
  return `${prefix}${createHash('sha256').update(key).digest('hex').slice(0, 12).toUpperCase()}`;
}

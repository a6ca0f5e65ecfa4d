// Inserting a document whose _id (or another unique key) may already exist: the one step both engines
// make atomic, and so the way every "at most once" in the domain is decided.
import type { Collection } from 'mongoose';

export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> };
  return e.code === 11000 || (e.writeErrors?.length ? e.writeErrors.every((w) => w.code === 11000) : false);
}

/** Inserts `doc`; true when this call inserted it, false when its key was already taken. */
export async function insertOnce(model: { collection: Collection }, doc: object): Promise<boolean> {
  try {
    await model.collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Inserts many documents at once, each on its own (unordered); returns the indexes of the ones whose key
 * was already taken. Any other failure is thrown.
 */
export async function insertManyOnce(
  model: { collection: Collection },
  docs: object[],
): Promise<Set<number>> {
  if (!docs.length) return new Set();
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
    return new Set();
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors ?? [];
    if (!writeErrors.length || writeErrors.some((w) => w.code !== 11000)) throw err;
    return new Set(writeErrors.map((w) => w.index));
  }
}

// Point lookups into the ledger by idempotency key ("key:<key>") or ledger number ("no:<no>").
// Written right after the entry; an entry whose records a crash lost is still protected by the unique
// indexes on the entry itself, and its records are written again when it is next met.
import { Schema, model } from 'mongoose';

export interface LedgerIndex {
  _id: string;
  entryId: string;
}

const ledgerIndexSchema = new Schema<LedgerIndex>(
  { _id: { type: String, required: true }, entryId: { type: String, required: true } },
  { versionKey: false },
);

export const LedgerIndexModel = model<LedgerIndex>('LedgerIndex', ledgerIndexSchema, 'ledgerindex');

export const keyRef = (key: string) => `key:${key}`;
export const noRef = (no: string) => `no:${no}`;

// A member import: the uploaded rows, kept in chunks until the job has handled them, and its report.
import { Schema, model, type Types } from 'mongoose';

export interface ImportRow {
  /** The row's number in the file (the header is row 1). */
  row: number;
  phone: string;
  name: string;
  gender: string;
  birthday: string;
  balance: string;
  points: string;
  tags: string;
}

export interface RejectedRow {
  row: number;
  phone: string;
  reason: string;
}

export interface MemberImport {
  _id: string;
  state: 'queued' | 'running' | 'done';
  total: number;
  processed: number;
  imported: number;
  rejected: RejectedRow[];
  chunks: number;
  /** The store the members are imported into (their registration store and the opening entries'). */
  storeId?: Types.ObjectId | null;
  createdAt: Date;
  finishedAt?: Date | null;
}

export const MemberImportModel = model<MemberImport>(
  'MemberImport',
  new Schema<MemberImport>(
    {
      _id: { type: String, required: true },
      state: { type: String, required: true },
      storeId: { type: Schema.Types.ObjectId, default: null },
      total: { type: Number, required: true },
      processed: { type: Number, default: 0 },
      imported: { type: Number, default: 0 },
      rejected: { type: Schema.Types.Mixed, default: [] },
      chunks: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      finishedAt: { type: Date, default: null },
    },
    { versionKey: false, minimize: false },
  ),
  'memberimports',
);

/** "<importId>:<n>": up to CHUNK_ROWS rows of an import. */
export interface ImportChunk {
  _id: string;
  rows: ImportRow[];
}

export const ImportChunkModel = model<ImportChunk>(
  'ImportChunk',
  new Schema<ImportChunk>(
    { _id: { type: String, required: true }, rows: { type: Schema.Types.Mixed, required: true } },
    { versionKey: false },
  ),
  'importchunks',
);

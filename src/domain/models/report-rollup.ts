// Report figures of a period that can no longer change, kept once so a month's report reads a few of these
// instead of every entry of the month: a closed business day's rows ("day:YYYY-MM-DD"), a closed month's
// movement of stored value and points ("movement:YYYY-MM"), and the ledger's first month ("first-month").
import { Schema, model } from 'mongoose';

export interface ReportRollup {
  _id: string;
  /** A day's rows by row key (a store's id, hq, online), as periodRows gives them. */
  rows?: Array<{ key: string; report: Record<string, unknown> }>;
  storedValueFen?: number;
  points?: number;
  month?: string;
  createdAt: Date;
}

const reportRollupSchema = new Schema<ReportRollup>(
  {
    _id: { type: String, required: true },
    rows: { type: [Schema.Types.Mixed], default: undefined },
    storedValueFen: Number,
    points: Number,
    month: String,
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const ReportRollupModel = model<ReportRollup>('ReportRollup', reportRollupSchema);

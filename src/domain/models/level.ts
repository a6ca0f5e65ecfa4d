// A membership level: its discount (88 = 8.8折) and what it takes to reach it.
import { Schema, model, type Types } from 'mongoose';

export interface Level {
  _id: Types.ObjectId;
  code: string;
  name: string;
  /** Percent of the price paid: 100 = no discount, 88 = 8.8折. */
  discountPercent: number;
  /** Reached when cumulative spend (fen) reaches this. */
  upgradeSpendFen: number;
  /** Order of levels, lowest first; the lowest is the entry level. */
  rank: number;
  privileges: string[];
}

const levelSchema = new Schema<Level>({
  code: { type: String, required: true, unique: true },
  name: { type: String, required: true },
  discountPercent: { type: Number, required: true, min: 1, max: 100, default: 100 },
  upgradeSpendFen: { type: Number, required: true, min: 0, default: 0 },
  rank: { type: Number, required: true, unique: true },
  privileges: { type: [String], default: [] },
});

export const LevelModel = model<Level>('Level', levelSchema);

// A membership level: its discount (88 = 8.8折) and what it takes to reach it. Part of the programme.
import { Schema, model, type Types } from 'mongoose';
import type { LevelRule } from './programme.js';

export interface Level extends LevelRule {
  _id: Types.ObjectId;
}

const levelSchema = new Schema<Level>(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    discountPercent: { type: Number, required: true, min: 1, max: 100, default: 100 },
    threshold: { type: Number, required: true, min: 0, default: 0 },
    rank: { type: Number, required: true },
    extraBenefits: { type: [String], default: [] },
  },
  { versionKey: false },
);

export const LevelModel = model<Level>('Level', levelSchema);

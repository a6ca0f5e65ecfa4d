// The stored programme rules: one document, replaced whole, with a version that grows on every change.
import { Schema, model } from 'mongoose';
import type { ProgrammeRules } from './programme.js';

export const RULES_ID = 'rules';

export interface StoredRules {
  _id: typeof RULES_ID;
  rules: ProgrammeRules;
  version: number;
  updatedAt: Date;
}

export const ProgrammeRulesModel = model<StoredRules>(
  'ProgrammeRules',
  new Schema<StoredRules>(
    {
      _id: { type: String, required: true },
      rules: { type: Schema.Types.Mixed, required: true },
      version: { type: Number, required: true },
      updatedAt: { type: Date, required: true },
    },
    { versionKey: false, minimize: false },
  ),
  'programmerules',
);

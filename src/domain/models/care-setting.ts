// What the daily care job gives: for birthdays, an optional coupon template sent with the greeting.
import { Schema, model, type Types } from 'mongoose';

export interface CareSetting {
  /** "birthday". */
  _id: string;
  templateId: Types.ObjectId | null;
  updatedAt: Date;
}

export const CareSettingModel = model<CareSetting>(
  'CareSetting',
  new Schema<CareSetting>(
    {
      _id: { type: String, required: true },
      templateId: { type: Schema.Types.ObjectId, default: null },
      updatedAt: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'caresettings',
);

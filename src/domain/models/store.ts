// A shop location: its code is what people type (绑定门店 S001) and what group chats are bound to.
import { Schema, model, type Types } from 'mongoose';

export interface Store {
  _id: Types.ObjectId;
  code: string;
  name: string;
  phone?: string;
  address?: string;
  location?: { lat: number; lng: number };
  /** Group chats bound to this store, as "<channel>:<chatId>". */
  groupChats: string[];
  createdAt: Date;
}

const storeSchema = new Schema<Store>(
  {
    code: { type: String, required: true, unique: true, trim: true },
    name: { type: String, required: true, trim: true },
    phone: String,
    address: String,
    location: { lat: Number, lng: Number },
    groupChats: { type: [String], default: [] },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
storeSchema.index({ groupChats: 1 });

export const StoreModel = model<Store>('Store', storeSchema);

// Stores and the group chats bound to them.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { StoreModel, type Store } from '../models/store.js';
import { isDuplicateKey } from '../insert-once.js';
import { ReadCache } from '../read-cache.js';

export interface NewStore {
  code: string;
  name: string;
  phone?: string;
  address?: string;
  location?: { lat: number; lng: number };
}

export async function createStore(input: NewStore): Promise<Store> {
  try {
    const store = (await StoreModel.create(input)).toObject<Store>();
    forgetCachedStores();
    return store;
  } catch (err) {
    if (isDuplicateKey(err)) {
      throw new DomainError('STORE_CODE_TAKEN', `store code ${input.code} is already used`);
    }
    throw err;
  }
}

// Stores change rarely and are read on every store command and receipt.
const storesById = new ReadCache<Store | null>();
const storesByGroup = new ReadCache<Store | null>();

function forgetCachedStores(): void {
  storesById.clear();
  storesByGroup.clear();
}

/** A store's name for notices and receipts. */
export async function storeName(id: Types.ObjectId | null | undefined): Promise<string | null> {
  if (!id) return null;
  const store = await storesById.get(String(id), () => StoreModel.findById(id).lean<Store>());
  return store?.name ?? null;
}

export async function listStores(): Promise<Store[]> {
  return StoreModel.find().sort({ code: 1 }).lean<Store[]>();
}

export async function requireStore(idOrCode: string | Types.ObjectId): Promise<Store> {
  const text = String(idOrCode);
  const store = /^[0-9a-f]{24}$/i.test(text)
    ? await StoreModel.findById(text).lean<Store>()
    : await StoreModel.findOne({ code: text }).lean<Store>();
  if (!store) throw new DomainError('STORE_NOT_FOUND', `no store ${text}`);
  return store;
}

/** The store a group chat is bound to, if any. */
export async function storeOfGroup(channel: string, chatId: string): Promise<Store | null> {
  const chat = `${channel}:${chatId}`;
  return storesByGroup.get(chat, () => StoreModel.findOne({ groupChats: chat }).lean<Store>());
}

/** Binds a group chat to one store (a chat belongs to at most one store). */
export async function bindGroupToStore(storeId: Types.ObjectId, channel: string, chatId: string) {
  const chat = `${channel}:${chatId}`;
  await StoreModel.updateMany({ groupChats: chat, _id: { $ne: storeId } }, { $pull: { groupChats: chat } });
  await StoreModel.updateOne({ _id: storeId }, { $addToSet: { groupChats: chat } });
  forgetCachedStores();
}

// Levels: which one a member holds, and which comes next.
import type { Types } from 'mongoose';
import { LevelModel, type Level } from '../models/level.js';

export async function levelById(id: Types.ObjectId | null | undefined): Promise<Level | null> {
  return id ? LevelModel.findById(id).lean<Level>() : null;
}

/** The next level up, if any. */
export async function nextLevel(level: Level | null): Promise<Level | null> {
  const levels = await LevelModel.find().sort({ rank: 1 }).lean<Level[]>();
  if (!level) return levels[0] ?? null;
  return levels.find((l) => l.rank > level.rank) ?? null;
}

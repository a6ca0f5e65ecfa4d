// Reading and replacing the stored programme. Reads come from a short-lived in-process cache that a
// change made here clears at once, so the next operation uses the new rules without a restart; other
// instances see a change within CACHE_MS.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { LevelModel, type Level } from '../models/level.js';
import { MemberModel } from '../models/member.js';
import { ProgrammeRulesModel, RULES_ID, type StoredRules } from '../models/programme-rules.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import { DEFAULT_RULES, type LevelRule, type ProgrammeRules } from '../models/programme.js';
import { levelHeld, levelListProblems, rulesProblems, sortByRank } from './programme-rules.js';

export interface Programme {
  rules: ProgrammeRules;
  /** Lowest rank first. */
  levels: Level[];
  version: number;
}

const CACHE_MS = 5_000;
let cached: { programme: Programme; at: number } | null = null;

export async function currentProgramme(): Promise<Programme> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.programme;
  const [stored, levels] = await Promise.all([
    ProgrammeRulesModel.findById(RULES_ID).lean<StoredRules>(),
    LevelModel.find().lean<Level[]>(),
  ]);
  const programme = {
    rules: stored ? { ...DEFAULT_RULES, ...stored.rules } : DEFAULT_RULES,
    levels: sortByRank(levels),
    version: stored?.version ?? 0,
  };
  cached = { programme, at: Date.now() };
  return programme;
}

export function forgetCachedProgramme(): void {
  cached = null;
}

export async function currentRules(): Promise<ProgrammeRules> {
  return (await currentProgramme()).rules;
}

export async function levelById(id: Types.ObjectId | null | undefined): Promise<Level | null> {
  if (!id) return null;
  return levelHeld((await currentProgramme()).levels, id);
}

export async function entryLevel(): Promise<Level | null> {
  return (await currentProgramme()).levels[0] ?? null;
}

export async function replaceRules(rules: ProgrammeRules, actor: Actor): Promise<Programme> {
  const before = await currentProgramme();
  const problems = rulesProblems(
    rules,
    before.levels.map((l) => l.code),
  );
  if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join('; '), { problems });
  const version = before.version + 1;
  await ProgrammeRulesModel.collection.replaceOne(
    { _id: RULES_ID as never },
    { rules, version, updatedAt: now() },
    { upsert: true },
  );
  await audit('programme.rules', actor, { before: before.rules, after: rules, version });
  forgetCachedProgramme();
  return currentProgramme();
}

/**
 * Replaces the whole level list. Levels keep their identity by code, so members stay on them; a level
 * that members hold cannot be removed.
 */
export async function replaceLevels(levels: LevelRule[], actor: Actor): Promise<Programme> {
  const problems = levelListProblems(levels);
  const before = await currentProgramme();
  const codes = levels.map((l) => l.code);
  problems.push(...rulesProblems(before.rules, codes));
  if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join('; '), { problems });
  const removed = before.levels.filter((l) => !codes.includes(l.code));
  for (const level of removed) {
    if (await MemberModel.exists({ levelId: level._id })) {
      throw new DomainError('LEVEL_IN_USE', `members hold level ${level.code}; move them first`, {
        code: level.code,
      });
    }
  }
  for (const level of levels) {
    await LevelModel.updateOne({ code: level.code }, { $set: level }, { upsert: true });
  }
  if (removed.length) await LevelModel.deleteMany({ _id: { $in: removed.map((l) => l._id) } });
  await audit('programme.levels', actor, { before: before.levels.map(plain), after: levels });
  forgetCachedProgramme();
  return currentProgramme();
}

/** Replaces (or adds) the level with this code, keeping the others. */
export async function replaceLevel(code: string, level: LevelRule, actor: Actor): Promise<Programme> {
  if (level.code !== code)
    throw new DomainError('VALIDATION_FAILED', 'the code in the body must match the path');
  const { levels } = await currentProgramme();
  const others = levels.filter((l) => l.code !== code).map(plain);
  return replaceLevels([...others, level], actor);
}

export async function requireLevel(code: string): Promise<Level> {
  const level = (await currentProgramme()).levels.find((l) => l.code === code);
  if (!level) throw new DomainError('LEVEL_NOT_FOUND', `no level ${code}`);
  return level;
}

function plain(level: Level): LevelRule {
  return {
    code: level.code,
    name: level.name,
    discountPercent: level.discountPercent,
    threshold: level.threshold,
    rank: level.rank,
    extraBenefits: level.extraBenefits,
  };
}

async function audit(action: string, actor: Actor, details: Record<string, unknown>) {
  await AuditLogModel.create({ action, actor, details, at: now() });
}

// What a member counts in: one cell for every active member and one per tag they hold, each by level,
// registration store and registration day (the dimensions a segment filters by). Frozen members count
// nowhere, as segments select active members only.
import { businessDay } from '../clock.js';
import type { Member } from '../models/member.js';

export type TalliedMember = Pick<Member, 'status' | 'levelId' | 'registeredStoreId' | 'createdAt'>;

/** The fields a member's cells are made of, for reading members narrowly. */
export const TALLIED_FIELDS = { status: 1, levelId: 1, registeredStoreId: 1, createdAt: 1 } as const;

/** "" stands for every active member in a cell's tag place, and for none in its level or store place. */
export const ALL_MEMBERS = '';

export interface Cell {
  tag: string;
  levelId: string;
  storeId: string;
  day: string;
}

export const cellKey = (c: Cell) => JSON.stringify([c.tag, c.levelId, c.storeId, c.day]);
export const groupKey = (c: Omit<Cell, 'day'>) => JSON.stringify([c.tag, c.levelId, c.storeId]);

export function readCell(key: string): Cell {
  const [tag, levelId, storeId, day] = JSON.parse(key) as string[];
  return { tag: tag!, levelId: levelId!, storeId: storeId!, day: day! };
}

export function readGroup(key: string): Omit<Cell, 'day'> {
  const [tag, levelId, storeId] = JSON.parse(key) as string[];
  return { tag: tag!, levelId: levelId!, storeId: storeId! };
}

export function cellsOf(member: TalliedMember, tags: Iterable<string>): string[] {
  if (member.status !== 'active') return [];
  const place = {
    levelId: member.levelId ? String(member.levelId) : '',
    storeId: member.registeredStoreId ? String(member.registeredStoreId) : '',
    day: businessDay(new Date(member.createdAt)),
  };
  return [ALL_MEMBERS, ...[...new Set(tags)].sort()].map((tag) => cellKey({ tag, ...place }));
}

export function sameCells(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

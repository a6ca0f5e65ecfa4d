// Tags on members: managers add and remove their own; the nightly job recomputes the automatic ones from
// the ledger. Both kinds are read together, and segments filter on them.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { MemberTagsModel, tagsId, type MemberTags, type TagSource } from '../models/member-tags.js';
import { MemberModel, type Member } from '../models/member.js';
import { LedgerEntryModel, type LedgerEntry } from '../models/ledger-entry.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import { autoTagsFor, type AutoTagRules, DEFAULT_AUTO_TAG_RULES } from './auto-tags.js';
import { isTag } from './tag-rule.js';
import { enterListings, tagListing } from '../listings/listings.js';
import { changingTally } from '../tallies/member-tally.js';

export function checkTag(tag: string): string {
  const t = tag.trim();
  if (!isTag(t)) throw new DomainError('INVALID_TAG', 'a tag is 1 to 20 letters or digits', { tag: t });
  return t;
}

export interface TagsOf {
  manual: string[];
  auto: string[];
}

/** A member's tags: two lookups by _id. */
export async function tagsOf(memberId: Types.ObjectId): Promise<TagsOf> {
  const [manual, auto] = await Promise.all(
    (['manual', 'auto'] as const).map((s) =>
      MemberTagsModel.findById(tagsId(s, memberId)).lean<MemberTags>(),
    ),
  );
  return { manual: manual?.tags ?? [], auto: auto?.tags ?? [] };
}

export const allTags = (t: TagsOf) => [...new Set([...t.manual, ...t.auto])];

/** The tags (manual and automatic) of many members, in one query by _id. */
export async function tagsOfMembers(memberIds: Types.ObjectId[]): Promise<Map<string, Set<string>>> {
  const docs = await MemberTagsModel.find({
    _id: { $in: memberIds.flatMap((id) => [tagsId('manual', id), tagsId('auto', id)]) },
  }).lean<MemberTags[]>();
  return tagsByMember(docs);
}

/** Manual and automatic tag documents merged per member. */
function tagsByMember(docs: MemberTags[]): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>();
  for (const d of docs) {
    const set = held.get(String(d.memberId)) ?? new Set<string>();
    for (const t of d.tags) set.add(t);
    held.set(String(d.memberId), set);
  }
  return held;
}

async function writeTags(source: TagSource, memberId: Types.ObjectId, tags: string[]) {
  await changingTally(memberId, () =>
    MemberTagsModel.replaceOne(
      { _id: tagsId(source, memberId) },
      { _id: tagsId(source, memberId), memberId, source, tags, updatedAt: now() },
      { upsert: true },
    ),
  );
  await enterListings(memberId, tags.map(tagListing));
}

/** Adds and removes a manager's tags; audited. Returns the member's tags after. */
export async function changeTags(
  member: Member,
  change: { add?: string[]; remove?: string[] },
  actor: Actor,
): Promise<TagsOf> {
  const add = (change.add ?? []).map(checkTag);
  const remove = new Set((change.remove ?? []).map((t) => t.trim()));
  const before = await tagsOf(member._id);
  const manual = [...new Set([...before.manual, ...add])].filter((t) => !remove.has(t));
  if (manual.length > 30) throw new DomainError('INVALID_TAG', 'a member has at most 30 tags');
  await writeTags('manual', member._id, manual);
  await AuditLogModel.create({
    action: 'member.tags',
    actor,
    memberId: member._id,
    details: { add, remove: [...remove] },
    at: now(),
  });
  return { manual, auto: before.auto };
}

export interface AutoTagRun {
  checked: number;
  changed: number;
  counts: Record<string, number>;
}

/**
 * Recomputes every member's automatic tags from the ledger of the last year: one pass over its purchases,
 * one over the tags given last time and one over the members (nightly, never on a chat path). Writes only
 * what changed.
 */
export async function recomputeAutoTags(
  rules: AutoTagRules = DEFAULT_AUTO_TAG_RULES,
  onProgress?: (percent: number) => void,
): Promise<AutoTagRun> {
  const at = now();
  const since = new Date(at.getTime() - 365 * 24 * 3600_000);
  const facts = new Map<string, { visits: Date[]; spend: number }>();
  const entries = LedgerEntryModel.find(
    { at: { $gte: since }, kind: { $in: ['consume', 'count_card_sale', 'reversal'] } },
    { memberId: 1, kind: 1, at: 1, spendDeltaFen: 1 },
  )
    .lean<Array<Pick<LedgerEntry, 'memberId' | 'kind' | 'at' | 'spendDeltaFen'>>>()
    .cursor();
  for await (const e of entries) {
    const f = facts.get(String(e.memberId)) ?? { visits: [], spend: 0 };
    if (e.kind !== 'reversal') f.visits.push(new Date(e.at));
    f.spend += e.spendDeltaFen ?? 0;
    facts.set(String(e.memberId), f);
  }
  const total = await MemberModel.estimatedDocumentCount();
  // The tags the job gave last time, in one pass rather than a lookup per member.
  const held = new Map<string, string[]>();
  for await (const doc of MemberTagsModel.find({ source: 'auto' }, { memberId: 1, tags: 1 })
    .lean<MemberTags>()
    .cursor()) {
    held.set(String((doc as MemberTags).memberId), (doc as MemberTags).tags);
  }
  const run: AutoTagRun = { checked: 0, changed: 0, counts: {} };
  const members = MemberModel.find({}, { _id: 1, createdAt: 1 })
    .lean<Array<Pick<Member, '_id' | 'createdAt'>>>()
    .cursor();
  for await (const m of members) {
    const f = facts.get(String(m._id)) ?? { visits: [], spend: 0 };
    const tags = autoTagsFor(
      { registeredAt: new Date(m.createdAt), visits: f.visits, spendInYearFen: f.spend },
      at,
      rules,
    );
    const before = held.get(String(m._id)) ?? [];
    if (before.length !== tags.length || before.some((t, i) => t !== tags[i])) {
      await writeTags('auto', m._id, tags);
      run.changed++;
    }
    for (const t of tags) run.counts[t] = (run.counts[t] ?? 0) + 1;
    if (++run.checked % 200 === 0)
      onProgress?.(Math.min(99, Math.round((run.checked / Math.max(total, 1)) * 100)));
  }
  onProgress?.(100);
  return run;
}

/** The ids of members holding every one of `tags` (manual or automatic). */
export async function membersTagged(tags: string[]): Promise<Set<string>> {
  const docs = await MemberTagsModel.find({ tags: { $in: tags } }, { memberId: 1, tags: 1 }).lean<
    MemberTags[]
  >();
  const held = tagsByMember(docs);
  return new Set([...held].filter(([, set]) => tags.every((t) => set.has(t))).map(([id]) => id));
}

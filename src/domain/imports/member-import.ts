// Importing members in bulk. The phone is the identity: a phone seen earlier in the file, or already on a
// card, is reported and never merged. Opening balances and points become each new member's first ledger
// entry. Each chunk is written with a handful of insertMany calls (phone keys, card keys, listings, entries,
// tags, members, directory, tallies): one round trip per kind of document, not per row, and two chunks are
// in flight at once so the engine is never idle waiting on one. Member ids come from the import and the
// row, so a job that is retried after a crash finds what it already wrote and goes on.
import { createHash } from 'node:crypto';
import { idFromKey } from '../key-id.js';
import { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { businessDay, businessMonth, now } from '../clock.js';
import { generateCardNumber } from '../card-number.js';
import { insertManyOnce, isDuplicateKey } from '../insert-once.js';
import { MemberKeyModel, cardKey, phoneKey } from '../models/member-key.js';
import { MemberModel } from '../models/member.js';
import { LedgerEntryModel, slotId } from '../models/ledger-entry.js';
import { MemberTagsModel, tagsId, type MemberTags } from '../models/member-tags.js';
import { AuditLogModel, type Actor } from '../models/audit-log.js';
import {
  ImportChunkModel,
  MemberImportModel,
  type ImportRow,
  type MemberImport,
  type RejectedRow,
} from '../models/member-import.js';
import { newEntryNumber } from '../ledger/entry-number.js';
import { entryLevel } from '../programme/programme-service.js';
import { checkRow, type ValidRow } from './import-rules.js';
import { enterDirectoryAll } from '../directory/member-directory.js';
import { enterListingsAll, levelListing, storeListing, tagListing } from '../listings/listings.js';
import { phoneTailOf } from '../members/phone-tail.js';
import { tallyNewMembers } from '../tallies/member-tally.js';
import { TALLIED_FIELDS, type TalliedMember } from '../tallies/tally-cells.js';

export const CHUNK_ROWS = 1000;
export const MAX_ROWS = 200_000;
/** Chunks written at once: one keeps a single engine connection busy; two keep both cores busy. */
const CHUNKS_IN_FLIGHT = 2;

/** Stores the parsed rows of an upload and its report; the job does the rest. Once per key. */
export async function createImport(
  key: string,
  rows: ImportRow[],
  storeId: Types.ObjectId | null = null,
): Promise<{ job: MemberImport; created: boolean }> {
  if (!rows.length) throw new DomainError('VALIDATION_FAILED', 'the file has no rows under its header');
  if (rows.length > MAX_ROWS) throw new DomainError('VALIDATION_FAILED', `at most ${MAX_ROWS} rows per file`);
  const id = idFromKey('I', key);
  const existing = await MemberImportModel.findById(id).lean<MemberImport>();
  if (existing) return { job: existing, created: false };
  const chunks = Math.ceil(rows.length / CHUNK_ROWS);
  const stored = Array.from({ length: chunks }, (_, n) => ({
    _id: `${id}:${n}`,
    rows: rows.slice(n * CHUNK_ROWS, (n + 1) * CHUNK_ROWS),
  }));
  // One insert for them all; a chunk left by an upload that stopped before its job was written is replaced.
  for (const n of await insertManyOnce(ImportChunkModel, stored))
    await ImportChunkModel.replaceOne({ _id: stored[n]!._id }, stored[n]!);
  const job: MemberImport = {
    _id: id,
    state: 'queued',
    total: rows.length,
    processed: 0,
    imported: 0,
    rejected: [],
    chunks,
    storeId,
    createdAt: now(),
  };
  await MemberImportModel.collection.insertOne(job as never).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
  return { job, created: true };
}

export async function requireImport(id: string): Promise<MemberImport> {
  const job = await MemberImportModel.findById(id).lean<MemberImport>();
  if (!job) throw new DomainError('NOT_FOUND', 'no such import');
  return job;
}

/** Runs an import chunk by chunk, saving progress after each; safe to run again. */
export async function runImport(
  id: string,
  actor: Actor,
  onProgress?: (percent: number) => void,
): Promise<MemberImport> {
  const job = await requireImport(id);
  if (job.state === 'done') return job;
  const level = await entryLevel();
  const seenPhones = new Set<string>();
  const report = { processed: 0, imported: 0, rejected: [] as RejectedRow[] };
  // Slots are handed out from this process's hints: chunks take them in chunk order, one at a time.
  const listingTurns = new Turns();
  const directoryTurns = new Turns();
  const inFlight: Array<Promise<void>> = [];
  const settle = async () => {
    await inFlight.shift();
    await MemberImportModel.updateOne({ _id: id }, { $set: { state: 'running', ...report } });
    onProgress?.(Math.round((report.processed / job.total) * 100));
  };
  try {
    for (let n = 0; n < job.chunks; n++) {
      const chunk = await ImportChunkModel.findById(`${id}:${n}`).lean();
      const valid: ValidRow[] = [];
      for (const row of chunk?.rows ?? []) {
        const checked = checkRow(row);
        if ('reason' in checked)
          report.rejected.push({ row: row.row, phone: row.phone, reason: checked.reason });
        else if (seenPhones.has(checked.phone)) {
          report.rejected.push({ row: row.row, phone: checked.phone, reason: '文件中手机号重复' });
        } else {
          seenPhones.add(checked.phone);
          valid.push(checked);
        }
      }
      const turns = { listings: listingTurns.take(), directory: directoryTurns.take() };
      const written = importRows(id, valid, level?._id ?? null, job.storeId ?? null, turns)
        .then(({ imported, rejected }) => {
          report.imported += imported;
          report.rejected.push(...rejected);
          report.processed += chunk?.rows.length ?? 0;
        })
        .finally(() => {
          turns.listings.pass();
          turns.directory.pass();
        });
      written.catch(() => undefined); // awaited in turn below; a failure is not left unhandled meanwhile
      inFlight.push(written);
      if (inFlight.length === CHUNKS_IN_FLIGHT) await settle();
    }
    while (inFlight.length) await settle();
  } catch (err) {
    await Promise.allSettled(inFlight); // nothing of this run goes on writing behind a retry
    throw err;
  }
  report.rejected.sort((a, b) => a.row - b.row);
  await MemberImportModel.updateOne({ _id: id }, { $set: { state: 'done', ...report, finishedAt: now() } });
  await AuditLogModel.create({
    action: 'member.import',
    actor,
    details: { id, imported: report.imported },
    at: now(),
  });
  await ImportChunkModel.deleteMany({
    _id: { $in: Array.from({ length: job.chunks }, (_, i) => `${id}:${i}`) },
  });
  return requireImport(id);
}

/** Steps taken one at a time in the order their turns were taken, whichever is reached first. */
class Turns {
  private last: Promise<void> = Promise.resolve();

  take(): Turn {
    const before = this.last;
    let pass!: () => void;
    this.last = new Promise<void>((resolve) => (pass = resolve));
    return {
      run: async (step) => {
        await before;
        try {
          return await step();
        } finally {
          pass();
        }
      },
      pass: () => pass(),
    };
  }
}

interface Turn {
  run<T>(step: () => Promise<T>): Promise<T>;
  /** Lets the next turn go without this one's step (a chunk that failed or had nothing to enter). */
  pass(): void;
}

function memberIdOf(importId: string, row: number): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${importId}:${row}`).digest('hex').slice(0, 24));
}

async function importRows(
  importId: string,
  rows: ValidRow[],
  levelId: Types.ObjectId | null,
  storeId: Types.ObjectId | null,
  turns: { listings: Turn; directory: Turn },
) {
  const rejected: RejectedRow[] = [];
  const ids = rows.map((r) => memberIdOf(importId, r.row));
  // The phone decides: a key already held by another member is a phone with a card.
  const taken = await insertManyOnce(
    MemberKeyModel,
    rows.map((r, i) => ({ _id: phoneKey(r.phone), memberId: ids[i] })),
  );
  const ours: number[] = [];
  /** Rows whose phone key this import wrote on an earlier run: their member may be written too. */
  const retried = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    if (!taken.has(i)) ours.push(i);
    else {
      const holder = await MemberKeyModel.findById(phoneKey(rows[i]!.phone)).lean();
      if (holder?.memberId.equals(ids[i]!)) {
        ours.push(i);
        retried.add(i);
      } else rejected.push({ row: rows[i]!.row, phone: rows[i]!.phone, reason: '该手机号已有会员卡' });
    }
  }
  // Lookups by _id only, and only for rows a crashed run reached: a fresh phone key means a fresh member.
  const existing = new Set<number>();
  for (const i of retried) if (await MemberModel.exists({ _id: ids[i] })) existing.add(i);
  const fresh = ours.filter((i) => !existing.has(i));
  const cards = new Map<number, string>();
  let pending = fresh;
  for (let attempt = 0; pending.length && attempt < 5; attempt++) {
    const numbers = pending.map(() => generateCardNumber());
    const clash = await insertManyOnce(
      MemberKeyModel,
      pending.map((i, k) => ({ _id: cardKey(numbers[k]!), memberId: ids[i] })),
    );
    pending.forEach((i, k) => {
      if (!clash.has(k)) cards.set(i, numbers[k]!);
    });
    pending = pending.filter((_, k) => clash.has(k));
  }
  if (pending.length)
    throw new DomainError('CONCURRENT_UPDATE', 'no free card numbers; run the import again');
  const at = now();
  const members = fresh.map((i) => {
    const r = rows[i]!;
    const opening = r.balanceFen > 0 || r.points > 0;
    return {
      _id: ids[i]!,
      cardNumber: cards.get(i),
      phone: r.phone,
      phoneTail: phoneTailOf(r.phone),
      ...(r.name ? { name: r.name } : {}),
      ...(r.gender ? { gender: r.gender } : {}),
      ...(r.birthday ? { birthday: r.birthday } : {}),
      customFields: {},
      levelId,
      balanceFen: r.balanceFen,
      points: r.points,
      totalSpendFen: 0,
      status: 'active' as const,
      frozen: null,
      registeredStoreId: storeId,
      registeredChannel: 'import',
      cardPasswordHash: null,
      seq: opening ? 1 : 0,
      countCards: {},
      createdAt: at,
    };
  });
  // What hangs off a member is written before it, so a member that is there is whole but for its directory
  // slot and tally: a crash before its insert leaves documents the retry finds and keeps (insert-once).
  const tagged = fresh.filter((i) => rows[i]!.tags.length);
  await Promise.all([
    turns.listings.run(() =>
      enterListingsAll(
        fresh.map((i) => ({
          memberId: ids[i]!,
          listings: [
            ...(levelId ? [levelListing(levelId)] : []),
            ...(storeId ? [storeListing(storeId)] : []),
            ...rows[i]!.tags.map(tagListing),
          ],
        })),
      ),
    ),
    writeOpeningEntries(
      importId,
      fresh.map((i) => ({ memberId: ids[i]!, row: rows[i]! })),
      storeId,
      at,
    ),
    insertManyOnce(
      MemberTagsModel,
      tagged.map((i) => ({
        _id: tagsId('manual', ids[i]!),
        memberId: ids[i],
        source: 'manual',
        tags: rows[i]!.tags,
        updatedAt: at,
      })),
    ),
  ]);
  await insertManyOnce(MemberModel, members);
  // A member a crashed run wrote (in `existing`) may lack its directory slot: the start-up directory pass
  // gives it one (a crash is a restart). Its tally is taken from what is stored.
  await Promise.all([
    turns.directory.run(() => enterDirectoryAll(fresh.map((i) => ids[i]!))),
    tallyImported(
      members.map((member, k) => ({ member, tags: rows[fresh[k]!]!.tags })),
      [...existing].map((i) => ids[i]!),
    ),
  ]);
  return { imported: ours.length, rejected };
}

/**
 * First tally slots: for the members written now from what was written, for members a crashed run wrote
 * from their stored documents and tags (their slot may be all that run did not reach).
 */
async function tallyImported(
  written: Array<{ member: TalliedMember & { _id: Types.ObjectId }; tags: string[] }>,
  earlier: Types.ObjectId[],
): Promise<void> {
  const [found, tagged] = earlier.length
    ? await Promise.all([
        MemberModel.find({ _id: { $in: earlier } }, TALLIED_FIELDS).lean<
          Array<TalliedMember & { _id: Types.ObjectId }>
        >(),
        MemberTagsModel.find({ _id: { $in: earlier.map((id) => tagsId('manual', id)) } }).lean<
          MemberTags[]
        >(),
      ])
    : [[], []];
  const tagsOf = new Map(tagged.map((t) => [String(t.memberId), t.tags]));
  await tallyNewMembers([
    ...written,
    ...found.map((member) => ({ member, tags: tagsOf.get(String(member._id)) ?? [] })),
  ]);
}

/**
 * The opening balance and points: each new member's first entry, keyed by the import and row. An entry
 * refused for its number (流水号, unique; a clash is likely somewhere among a million) is given another;
 * one refused because it is already there (a run after a crash) is left. No lookup records: no request
 * ever carries an import's key, and a number is found by the entries' own `no` index (two documents a
 * row fewer).
 */
async function writeOpeningEntries(
  importId: string,
  rows: Array<{ memberId: Types.ObjectId; row: ValidRow }>,
  storeId: Types.ObjectId | null,
  at: Date,
): Promise<void> {
  const [day, month] = [businessDay(at), businessMonth(at)];
  const entries = rows
    .filter(({ row: r }) => r.balanceFen > 0 || r.points > 0)
    .map(({ memberId, row: r }) => {
      const key = `import:${importId}:${r.row}`;
      return {
        _id: slotId(memberId, 1),
        no: newEntryNumber(),
        key,
        requestKey: key,
        fingerprint: key,
        kind: 'opening',
        memberId,
        seq: 1,
        balanceDeltaFen: r.balanceFen,
        pointsDelta: r.points,
        spendDeltaFen: 0,
        balanceAfterFen: r.balanceFen,
        pointsAfter: r.points,
        spendAfterFen: 0,
        details: { importId, row: r.row },
        storeId,
        staffId: null,
        channel: 'import',
        actor: { kind: 'system', name: '会员导入' },
        at,
        day,
        month,
      };
    });
  let pending = entries;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt === 5)
      throw new DomainError('CONCURRENT_UPDATE', 'no free entry numbers; run the import again');
    const clashed = await insertManyOnce(LedgerEntryModel, pending);
    const renumber = [];
    for (const i of clashed) {
      if (await LedgerEntryModel.exists({ _id: pending[i]!._id })) continue;
      pending[i]!.no = newEntryNumber();
      renumber.push(pending[i]!);
    }
    pending = renumber;
  }
}

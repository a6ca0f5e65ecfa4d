// The rows of the members and ledger exports, read with cursors so an export of any size holds one row at
// a time (and, for the ledger, one small line per member for the card number).
import { Types } from 'mongoose';
import { MemberModel, type Member } from '../models/member.js';
import { LedgerEntryModel, type LedgerEntry } from '../models/ledger-entry.js';
import { MemberTagsModel, type MemberTags } from '../models/member-tags.js';
import { currentProgramme } from '../programme/programme-service.js';
import type { SegmentFilter } from '../models/segment.js';
import { memberQuery } from '../marketing/segments.js';
import { IMPORT_COLUMNS } from '../imports/import-rules.js';
import { businessTime } from '../clock.js';
import { listStores } from '../stores/store-service.js';

export interface Column {
  key: string;
  header: string;
  /** The row holds fen: written as ¥ with two decimals (a number cell in .xlsx, so Excel can sum it). */
  money?: boolean;
}

export type Row = Record<string, string | number>;

/** The members export's columns: the import template's, plus what only the system knows. */
export const MEMBER_COLUMNS: Column[] = [
  ...IMPORT_COLUMNS.map((c) => (c.key === 'balance' ? { ...c, money: true } : c)),
  { key: 'cardNumber', header: '卡号' },
  { key: 'level', header: '等级' },
  { key: 'totalSpend', header: '累计消费', money: true },
  { key: 'status', header: '状态' },
  { key: 'registeredAt', header: '注册时间' },
  { key: 'registeredStore', header: '开卡门店' },
];

export async function* memberRows(filter: SegmentFilter): AsyncGenerator<Row> {
  const { levels } = await currentProgramme();
  const levelNames = new Map(levels.map((l) => [String(l._id), l.name]));
  const storeNames = await storeNamesById();
  const { query, tagged } = await memberQuery(filter, null);
  const tags = new Map<string, Set<string>>();
  for await (const t of MemberTagsModel.find().lean<MemberTags>().cursor()) {
    const set = tags.get(String(t.memberId)) ?? new Set<string>();
    for (const tag of (t as MemberTags).tags) set.add(tag);
    tags.set(String(t.memberId), set);
  }
  // No sort: FerretDB sorts in memory, and the export must stay flat at any size.
  for await (const doc of MemberModel.find(query).lean<Member>().cursor()) {
    const m = doc as Member;
    if (tagged && !tagged.has(String(m._id))) continue;
    yield {
      phone: m.phone,
      name: m.name ?? '',
      gender: m.gender === 'male' ? '男' : m.gender === 'female' ? '女' : '',
      birthday: m.birthday ?? '',
      balance: m.balanceFen,
      points: m.points,
      tags: [...(tags.get(String(m._id)) ?? [])].join('、'),
      cardNumber: m.cardNumber,
      level: levelNames.get(String(m.levelId)) ?? '',
      totalSpend: m.totalSpendFen,
      status: m.status === 'active' ? '正常' : '冻结',
      registeredAt: businessTime(new Date(m.createdAt)),
      registeredStore: (m.registeredStoreId && storeNames.get(String(m.registeredStoreId))) ?? '',
    };
  }
}

export const LEDGER_COLUMNS: Column[] = [
  { key: 'no', header: '流水号' },
  { key: 'at', header: '时间' },
  { key: 'day', header: '营业日' },
  { key: 'kind', header: '类型' },
  { key: 'cardNumber', header: '卡号' },
  { key: 'balanceDelta', header: '余额变动', money: true },
  { key: 'pointsDelta', header: '积分变动' },
  { key: 'spendDelta', header: '消费金额', money: true },
  { key: 'balanceAfter', header: '变动后余额', money: true },
  { key: 'pointsAfter', header: '变动后积分' },
  { key: 'reverses', header: '冲正原流水' },
  { key: 'store', header: '门店' },
  { key: 'actor', header: '操作人' },
];

export interface LedgerExportFilter {
  /** Business days, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  /** Entries made at one of these stores (ids); absent: every store and 总部/线上. */
  storeIds?: string[];
}

export async function* ledgerRows(
  filter: LedgerExportFilter,
  kindName: (kind: string) => string,
): AsyncGenerator<Row> {
  const storeNames = await storeNamesById();
  const cards = new Map<string, string>();
  for await (const m of MemberModel.find({}, { cardNumber: 1 })
    .lean<Pick<Member, '_id' | 'cardNumber'>>()
    .cursor()) {
    cards.set(String(m._id), (m as Member).cardNumber);
  }
  const query: Record<string, unknown> = {};
  if (filter.from || filter.to) {
    query.day = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
  }
  if (filter.storeIds) query.storeId = { $in: filter.storeIds.map((s) => new Types.ObjectId(s)) };
  for await (const doc of LedgerEntryModel.find(query).lean<LedgerEntry>().cursor()) {
    const e = doc as LedgerEntry;
    yield {
      no: e.no,
      at: businessTime(new Date(e.at)),
      day: e.day,
      kind: kindName(e.kind),
      cardNumber: cards.get(String(e.memberId)) ?? String(e.memberId),
      balanceDelta: e.balanceDeltaFen,
      pointsDelta: e.pointsDelta,
      spendDelta: e.spendDeltaFen,
      balanceAfter: e.balanceAfterFen,
      pointsAfter: e.pointsAfter,
      reverses: e.reversesNo ?? '',
      store: e.storeId ? (storeNames.get(String(e.storeId)) ?? String(e.storeId)) : '总部/线上',
      actor: e.actor?.name ?? e.actor?.kind ?? '',
    };
  }
}

async function storeNamesById(): Promise<Map<string, string>> {
  return new Map((await listStores()).map((s) => [String(s._id), s.name]));
}

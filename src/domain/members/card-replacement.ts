// 挂失 and 补卡: a lost card is stopped at once (frozen with the reason 挂失); a replacement gets a new card
// number, the old one is retired (refused wherever it is typed, never given out again) and the member,
// their ledger chain, points and coupons carry on unchanged.
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { generateCardNumber } from '../card-number.js';
import { insertOnce } from '../insert-once.js';
import { MemberKeyModel, cardKey } from '../models/member-key.js';
import type { Member } from '../models/member.js';
import { AuditLogModel } from '../models/audit-log.js';
import type { NoticeService } from '../notifications/notice-service.js';
import { requireRole } from '../staff/operator.js';
import { storeName } from '../stores/store-service.js';
import { changingTally } from '../tallies/member-tally.js';
import { requireMember } from './member-service.js';
import { freezeMember, writeMemberFields, type StatusChange } from './member-status.js';

export const LOST_REASON = '挂失';

export function reportLost(notices: NoticeService, input: StatusChange): Promise<Member> {
  return freezeMember(notices, { ...input, reason: LOST_REASON });
}

export interface Replacement {
  member: Member;
  oldCardNumber: string;
}

/**
 * Gives the member a new card number, once per request key: the replacement is decided by inserting its
 * record (old and new number), then applied; a retry, or a second delivery racing the first, applies the
 * same record again and changes nothing more.
 */
export async function replaceCard(notices: NoticeService, input: StatusChange): Promise<Replacement> {
  requireRole(input.operator, 'manager');
  const member = await requireMember(input.memberRef);
  const recordId = `replace:${input.requestKey}`;
  let record = await MemberKeyModel.findById(recordId).lean<ReplacementRecord>();
  if (!record) {
    const cardNumber = await claimNewCardNumber(member);
    const fresh: ReplacementRecord = {
      _id: recordId,
      memberId: member._id,
      oldCardNumber: member.cardNumber,
      cardNumber,
    };
    if (await insertOnce(MemberKeyModel, fresh)) record = fresh;
    else {
      await MemberKeyModel.deleteOne({ _id: cardKey(cardNumber) });
      record = await MemberKeyModel.findById(recordId).lean<ReplacementRecord>();
      if (!record) throw new DomainError('CONCURRENT_UPDATE', 'the card is being replaced; try again');
    }
  }
  const { oldCardNumber, cardNumber } = record;
  // The old number stays taken, marked retired, so it is refused rather than unknown and never reissued.
  await MemberKeyModel.updateOne(
    { _id: cardKey(oldCardNumber) },
    { $set: { retiredAt: now(), replacedBy: cardNumber } },
  );
  const wasLost = member.status === 'frozen' && member.frozen?.reason === LOST_REASON;
  // Active again when it was lost: back in the segments' counts.
  const updated = await changingTally(member._id, () =>
    writeMemberFields(
      member._id,
      { cardNumber, ...(wasLost ? { status: 'active' as const } : {}) },
      (m) => m.cardNumber === cardNumber,
    ),
  );
  await AuditLogModel.create({
    action: 'member.replaceCard',
    actor: input.actor,
    memberId: member._id,
    storeId: input.storeId ?? undefined,
    details: { oldCardNumber, cardNumber },
    at: now(),
  });
  await notices.notifyMemberOf(member._id, recordId, {
    kind: 'cardReplaced',
    cardNumber,
    oldCardNumber,
    storeName: await storeName(input.storeId),
  });
  return { member: updated, oldCardNumber };
}

interface ReplacementRecord {
  _id: string;
  memberId: Member['_id'];
  oldCardNumber: string;
  cardNumber: string;
}

async function claimNewCardNumber(member: Member): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = generateCardNumber();
    if (await insertOnce(MemberKeyModel, { _id: cardKey(candidate), memberId: member._id })) return candidate;
  }
  throw new DomainError('CONCURRENT_UPDATE', 'no free card number; try again');
}

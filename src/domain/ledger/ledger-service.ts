// Money and points operations on a member's card: recharge, consume, points adjustment and reversal.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { checkAmountFen, type AmountFen } from '../money.js';
import { basePoints, rechargeBonus } from '../programme/programme-rules.js';
import type { ProgrammeRules } from '../models/programme.js';
import { LedgerEntryModel, slotId, type LedgerEntry } from '../models/ledger-entry.js';
import { LedgerIndexModel, keyRef, noRef } from '../models/ledger-index.js';
import type { Actor } from '../models/audit-log.js';
import { commit, fingerprintOf, type CommitHooks, type CommitResult } from './commit.js';
import { currentMember } from './member-projection.js';
import { normalizeEntryNumber } from './entry-number.js';
import type { Coupon } from '../models/coupon.js';
import type { Member } from '../models/member.js';
import type { CountCard } from '../models/count-card.js';

/** Who asks and from where; every operation carries it into the ledger and the audit log. */
export interface OperationContext {
  requestKey: string;
  channel: string;
  actor: Actor;
  storeId?: Types.ObjectId | null;
  staffId?: Types.ObjectId | null;
  note?: string;
  /** The card as the caller has just read it, if it has: the commit plans on it instead of reading it again. */
  seen?: Member;
}

export interface RechargeInput extends OperationContext {
  memberId: Types.ObjectId;
  amountFen: AmountFen;
  /** A bonus fixed earlier (an online order keeps the tier of when it was placed); the tier now otherwise. */
  bonusFen?: AmountFen;
}

export interface ConsumeInput extends OperationContext {
  memberId: Types.ObjectId;
  /** What the member pays after discounts and coupons. */
  amountFen: AmountFen;
  /** Paid outside (cash, card): recorded for spend and points, the balance is untouched. */
  paidOutside?: boolean;
  /** Receipt figures worked out by the caller (original price, discount, coupon). */
  breakdown?: Record<string, unknown>;
  /** Points to earn, when the caller has worked them out; otherwise from the rules on amountFen. */
  pointsEarned?: number;
  /** Points paying part of the bill: taken in the same entry, refused when the card holds fewer. */
  pointsUsed?: number;
  /**
   * What identifies the request for idempotency, when the caller priced it: the inputs, not the computed
   * figures, so a retry after a rule change or past midnight is still recognised as the same request.
   */
  requestParts?: unknown[];
}

export interface PointsInput extends OperationContext {
  memberId: Types.ObjectId;
  /** Signed: +N adds, -N takes away. */
  points: number;
  reason?: string;
}

export interface ReversalInput extends OperationContext {
  reason?: string;
}

export interface LedgerServiceOptions {
  rules: () => ProgrammeRules | Promise<ProgrammeRules>;
  maxAmountFen: AmountFen;
  hooks?: CommitHooks;
}

/** The largest points adjustment in one entry; chat and HTTP parse against the same figure. */
export const MAX_POINTS_ADJUST = 1_000_000;

export class LedgerService {
  constructor(private readonly options: LedgerServiceOptions) {}

  async recharge(input: RechargeInput): Promise<CommitResult> {
    const amountFen = checkAmountFen(input.amountFen, this.options.maxAmountFen);
    const bonusFen = input.bonusFen ?? rechargeBonus(amountFen, await this.options.rules());
    return this.run(input, {
      memberId: input.memberId,
      kind: 'recharge',
      fingerprint: fingerprintOf('recharge', input.memberId, amountFen),
      plan: () => ({
        balanceDeltaFen: amountFen + bonusFen,
        pointsDelta: 0,
        spendDeltaFen: 0,
        details: { paidFen: amountFen, bonusFen },
      }),
    });
  }

  async consume(input: ConsumeInput): Promise<CommitResult> {
    // Zero is a real payment when discounts or a coupon covered everything.
    const coveredInFull = input.amountFen === 0 && Number(input.breakdown?.originalFen) > 0;
    const amountFen = coveredInFull ? 0 : checkAmountFen(input.amountFen, this.options.maxAmountFen);
    const points = input.pointsEarned ?? basePoints(amountFen, await this.options.rules());
    const outside = input.paidOutside === true;
    const used = input.pointsUsed ?? 0;
    return this.run(input, {
      memberId: input.memberId,
      kind: 'consume',
      fingerprint: fingerprintOf(
        'consume',
        input.memberId,
        ...(input.requestParts ?? [amountFen, outside, points]),
      ),
      plan: (member) => {
        // Points earned in this entry cannot pay for it: the points held before it must cover the use.
        if (used > member.points) {
          throw new DomainError('INSUFFICIENT_POINTS', 'the points are not enough', {
            points: member.points,
            needed: used,
          });
        }
        return {
          balanceDeltaFen: outside ? 0 : -amountFen,
          pointsDelta: points - used,
          spendDeltaFen: amountFen,
          details: { ...input.breakdown, paidFen: amountFen, paidOutside: outside, pointsEarned: points },
        };
      },
    });
  }

  async adjustPoints(input: PointsInput): Promise<CommitResult> {
    const max = MAX_POINTS_ADJUST;
    if (!Number.isSafeInteger(input.points) || input.points === 0 || Math.abs(input.points) > max) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `points must be a whole number from 1 to ${max}, with + or -`,
      );
    }
    return this.run(input, {
      memberId: input.memberId,
      kind: 'points_adjust',
      fingerprint: fingerprintOf('points_adjust', input.memberId, input.points),
      plan: () => ({
        balanceDeltaFen: 0,
        pointsDelta: input.points,
        spendDeltaFen: 0,
        details: input.reason ? { reason: input.reason } : {},
      }),
    });
  }

  /** Spends points in the points mall: the points are taken once, refused below zero. */
  async redeemPoints(
    input: OperationContext & {
      memberId: Types.ObjectId;
      points: number;
      itemCode: string;
      itemName: string;
    },
  ): Promise<CommitResult> {
    if (!Number.isSafeInteger(input.points) || input.points <= 0) {
      throw new DomainError('VALIDATION_FAILED', 'a points price is a whole number above 0');
    }
    return this.run(input, {
      memberId: input.memberId,
      kind: 'points_redeem',
      fingerprint: fingerprintOf('points_redeem', input.memberId, input.itemCode, input.points),
      plan: () => ({
        balanceDeltaFen: 0,
        pointsDelta: -input.points,
        spendDeltaFen: 0,
        details: { itemCode: input.itemCode, itemName: input.itemName },
      }),
    });
  }

  /** Hands over a gift coupon, or records a coupon used at the counter: a zero-value entry. */
  async redeemGift(
    input: OperationContext & {
      memberId: Types.ObjectId;
      sn: string;
      giftName: string;
      kind?: 'gift_redeem' | 'coupon_use';
      /** What the coupon was worth, kept in the entry for receipts and history. */
      coupon?: Pick<Coupon, 'type' | 'valueFen' | 'discountPercent'>;
    },
  ) {
    const kind = input.kind ?? 'gift_redeem';
    return this.run(input, {
      memberId: input.memberId,
      kind,
      fingerprint: fingerprintOf(kind, input.memberId, input.sn),
      plan: () => ({
        balanceDeltaFen: 0,
        pointsDelta: 0,
        spendDeltaFen: 0,
        details: {
          sn: input.sn,
          giftName: input.giftName,
          ...(input.coupon
            ? {
                couponType: input.coupon.type,
                valueFen: input.coupon.valueFen,
                discountPercent: input.coupon.discountPercent,
              }
            : {}),
        },
      }),
    });
  }

  /**
   * Sells a count card: its uses go onto the card in the member's chain, paid from stored value or
   * outside, counted as spend and earning points like a purchase.
   */
  async sellCountCard(
    input: OperationContext & {
      memberId: Types.ObjectId;
      card: Pick<CountCard, '_id' | 'name' | 'service' | 'uses' | 'planCode'>;
      priceFen: AmountFen;
      paidOutside: boolean;
      pointsEarned: number;
    },
  ): Promise<CommitResult> {
    const { card, priceFen, paidOutside, pointsEarned } = input;
    return this.run(input, {
      memberId: input.memberId,
      kind: 'count_card_sale',
      fingerprint: fingerprintOf('count_card_sale', input.memberId, card.planCode, paidOutside),
      plan: () => ({
        balanceDeltaFen: paidOutside ? 0 : -priceFen,
        pointsDelta: pointsEarned,
        spendDeltaFen: priceFen,
        countCardDelta: { cardId: card._id, uses: card.uses },
        details: {
          ...countCardDetails(card, card.uses),
          paidFen: priceFen,
          paidOutside,
          pointsEarned,
        },
      }),
    });
  }

  /**
   * Takes one use (核次) from the first of `cards` (soonest to expire first) that has one left on the
   * card as its chain ends; racing uses of the last ones are refused, never taken twice.
   */
  async useCountCard(
    input: OperationContext & { memberId: Types.ObjectId; cards: CountCard[]; service: string },
  ): Promise<CommitResult> {
    return this.run(input, {
      memberId: input.memberId,
      kind: 'count_card_use',
      fingerprint: fingerprintOf('count_card_use', input.memberId, input.service),
      plan: (member) => {
        const card = input.cards.find((c) => (member.countCards?.[c._id] ?? 0) > 0) ?? input.cards[0]!;
        return {
          balanceDeltaFen: 0,
          pointsDelta: 0,
          spendDeltaFen: 0,
          countCardDelta: { cardId: card._id, uses: -1 },
          details: countCardDetails(card, -1),
        };
      },
    });
  }

  /** Points the programme gives for something done once (a referral): the request key is the effect. */
  async reward(
    input: OperationContext & {
      memberId: Types.ObjectId;
      points: number;
      reason: string;
      invitedMemberId: Types.ObjectId;
    },
  ): Promise<CommitResult> {
    return this.run(input, {
      memberId: input.memberId,
      kind: 'referral_reward',
      fingerprint: fingerprintOf('referral_reward', input.memberId, input.points),
      plan: () => ({
        balanceDeltaFen: 0,
        pointsDelta: input.points,
        spendDeltaFen: 0,
        details: { reason: input.reason, invitedMemberId: String(input.invitedMemberId) },
      }),
    });
  }

  /** Takes expired points (oldest first, worked out by the caller), never more than the card holds. */
  async expirePoints(
    input: OperationContext & { memberId: Types.ObjectId; points: number; cutoffDay: string },
  ): Promise<CommitResult> {
    return this.run(input, {
      memberId: input.memberId,
      kind: 'points_expire',
      fingerprint: fingerprintOf('points_expire', input.memberId, input.cutoffDay),
      plan: (member) => ({
        balanceDeltaFen: 0,
        pointsDelta: -Math.min(input.points, member.points),
        spendDeltaFen: 0,
        details: { reason: '积分过期', earnedBefore: input.cutoffDay },
      }),
    });
  }

  /** Daily check-in (签到): the effect key holds the business day, so a second one that day is refused. */
  async checkIn(input: OperationContext & { memberId: Types.ObjectId; day: string }) {
    const points = (await this.options.rules()).checkinPoints;
    return this.run(input, {
      memberId: input.memberId,
      kind: 'checkin',
      effectKey: `checkin:${String(input.memberId)}:${input.day}`,
      fingerprint: fingerprintOf('checkin', input.memberId, input.day),
      effectTaken: () => new DomainError('ALREADY_CHECKED_IN', 'already checked in today'),
      plan: () => ({
        balanceDeltaFen: 0,
        pointsDelta: points,
        spendDeltaFen: 0,
        details: { day: input.day },
      }),
    });
  }

  /**
   * Undoes an entry with a new, opposite entry, at most once. Who may, and what else comes back (a
   * coupon), is the reversal use case's (checkout/reverse.ts).
   */
  async reverse(input: ReversalInput, original: LedgerEntry): Promise<CommitResult> {
    if (original.kind === 'reversal')
      throw new DomainError('NOT_REVERSIBLE', 'a reversal cannot be reversed');
    const no = original.no;
    return this.run(input, {
      memberId: original.memberId,
      kind: 'reversal',
      effectKey: `reversal:${no}`,
      allowFrozen: true,
      fingerprint: fingerprintOf('reversal', no),
      effectTaken: (reversal) =>
        new DomainError('ALREADY_REVERSED', `entry ${no} was already reversed by ${reversal.no}`, {
          reversalNo: reversal.no,
        }),
      plan: () => {
        const cardId = original.details.countCardId as string | undefined;
        const uses = -Number(original.details.countCardUses ?? 0);
        return {
          balanceDeltaFen: -original.balanceDeltaFen,
          pointsDelta: -original.pointsDelta,
          spendDeltaFen: -original.spendDeltaFen,
          // A sale whose uses are partly taken cannot be reversed: the card would go below zero.
          ...(cardId ? { countCardDelta: { cardId, uses } } : {}),
          details: {
            originalKind: original.kind,
            ...pick(original.details, [
              'paidFen',
              'bonusFen',
              'couponSn',
              'sn',
              'countCardId',
              'countCardName',
            ]),
            ...(cardId ? { countCardUses: uses } : {}),
            ...(input.reason ? { reason: input.reason } : {}),
          },
          reversesNo: no,
        };
      },
    });
  }

  /** A member's entries, newest first: a walk down the chain's slots, so no query scans. */
  async history(memberId: Types.ObjectId, limit = 20, beforeSeq?: number): Promise<LedgerEntry[]> {
    const member = await currentMember(memberId);
    if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'no such member');
    const top = Math.min(member.seq, beforeSeq ? beforeSeq - 1 : member.seq);
    const count = Math.min(Math.max(limit, 1), 100, Math.max(top, 0));
    const seqs = Array.from({ length: count }, (_, i) => top - i);
    const entries = await Promise.all(
      seqs.map((seq) => LedgerEntryModel.findById(slotId(memberId, seq)).lean<LedgerEntry>()),
    );
    return entries.filter((e): e is LedgerEntry => e !== null);
  }

  private async run(
    input: OperationContext,
    request: Omit<
      Parameters<typeof commit>[0],
      'requestKey' | 'channel' | 'storeId' | 'staffId' | 'note' | 'actor' | 'seen'
    >,
  ): Promise<CommitResult> {
    // The entry records who asked, from which chat and message: it is the audit record of the change.
    return commit(
      {
        ...request,
        requestKey: input.requestKey,
        channel: input.channel,
        actor: input.actor,
        storeId: input.storeId ?? null,
        staffId: input.staffId ?? null,
        ...(input.note ? { note: input.note } : {}),
        ...(input.seen ? { seen: input.seen } : {}),
      },
      this.options.hooks,
    );
  }
}

/** An entry by the number a person typed (流水号), or ENTRY_NOT_FOUND. */
export async function requireEntryNumbered(typed: string): Promise<LedgerEntry> {
  const no = normalizeEntryNumber(typed);
  const entry = await findEntryByNumber(no);
  if (!entry) throw new DomainError('ENTRY_NOT_FOUND', `no ledger entry ${no}`);
  return entry;
}

/** An entry by its ledger number (流水号): its lookup record, else (an import's opening, a record a crash lost) the `no` index. */
export async function findEntryByNumber(no: string): Promise<LedgerEntry | null> {
  const ref = await LedgerIndexModel.findById(noRef(no)).lean();
  if (ref) return LedgerEntryModel.findById(ref.entryId).lean<LedgerEntry>();
  return LedgerEntryModel.findOne({ no }).lean<LedgerEntry>();
}

/** The entry a request key committed, if its lookup record is written (no scan). */
export async function committedEntryFor(requestKey: string): Promise<LedgerEntry | null> {
  const ref = await LedgerIndexModel.findById(keyRef(requestKey)).lean();
  return ref ? LedgerEntryModel.findById(ref.entryId).lean<LedgerEntry>() : null;
}

function countCardDetails(card: Pick<CountCard, '_id' | 'name' | 'service'>, uses: number) {
  return { countCardId: card._id, countCardName: card.name, service: card.service, countCardUses: uses };
}

function pick(from: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}

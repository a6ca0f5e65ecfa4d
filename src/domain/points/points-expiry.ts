// Points expiry, oldest first: points earned more than `months` ago and not spent since expire. Under
// first-in-first-out, what is left of the old points is what they earned less everything ever taken
// (spent, adjusted away, expired before), never below zero. Members are told 30 days ahead, once a month;
// the expiry is a ledger entry keyed by the member and day, so a second run that day takes nothing more.
import dayjs from 'dayjs';
import { BUSINESS_TZ, businessDay, businessMonth, now } from '../clock.js';
import { isDomainError } from '../errors.js';
import { LedgerEntryModel, type LedgerEntry } from '../models/ledger-entry.js';
import { findMember } from '../members/member-service.js';
import { currentProgramme } from '../programme/programme-service.js';
import type { Checkout } from '../checkout/checkout.js';
import type { NoticeService } from '../notifications/notice-service.js';

export const ANNOUNCE_DAYS = 30;

export interface PointsFlow {
  /** Points credited before the cut-off. */
  earnedBefore: number;
  /** Every point ever taken. */
  taken: number;
}

/** The points of a flow that are older than the cut-off and still unspent. */
export function expiringPoints(flow: PointsFlow): number {
  return Math.max(0, flow.earnedBefore - flow.taken);
}

export interface PointsExpiryRun {
  cutoffDay: string;
  expiredMembers: number;
  expiredPoints: number;
  announced: number;
}

/** Reads each member's points flow for a cut-off (and the announcement's, 30 days later) in one pass. */
async function flows(cutoff: Date, announceCutoff: Date) {
  const byMember = new Map<string, { now: PointsFlow; soon: PointsFlow }>();
  // Most entries move points, so the whole ledger is read in one pass (no index would narrow it).
  const cursor = LedgerEntryModel.find({}, { memberId: 1, pointsDelta: 1, at: 1 })
    .lean<Array<Pick<LedgerEntry, 'memberId' | 'pointsDelta' | 'at'>>>()
    .cursor();
  for await (const e of cursor) {
    if (!e.pointsDelta) continue;
    const f = byMember.get(String(e.memberId)) ?? {
      now: { earnedBefore: 0, taken: 0 },
      soon: { earnedBefore: 0, taken: 0 },
    };
    const at = new Date(e.at);
    if (e.pointsDelta < 0) {
      f.now.taken -= e.pointsDelta;
      f.soon.taken -= e.pointsDelta;
    } else {
      if (at < cutoff) f.now.earnedBefore += e.pointsDelta;
      if (at < announceCutoff) f.soon.earnedBefore += e.pointsDelta;
    }
    byMember.set(String(e.memberId), f);
  }
  return byMember;
}

/** Expires old points and announces the next ones; nothing when the programme keeps points for ever. */
export async function expirePoints(deps: {
  checkout: Checkout;
  notices: NoticeService;
}): Promise<PointsExpiryRun> {
  const { months } = (await currentProgramme()).rules.pointsExpiry;
  const at = now();
  const cutoff = dayjs(at).tz(BUSINESS_TZ).subtract(months, 'month').startOf('day').toDate();
  const run: PointsExpiryRun = {
    cutoffDay: businessDay(cutoff),
    expiredMembers: 0,
    expiredPoints: 0,
    announced: 0,
  };
  if (months <= 0) return run;
  const announceCutoff = new Date(cutoff.getTime() + ANNOUNCE_DAYS * 24 * 3600_000);
  for (const [memberId, flow] of await flows(cutoff, announceCutoff)) {
    const expiring = expiringPoints(flow.now);
    const soon = expiringPoints(flow.soon) - expiring;
    // Most members have nothing old enough: they cost no lookup.
    if (expiring <= 0 && soon <= 0) continue;
    const member = await findMember(memberId);
    if (!member) continue;
    if (expiring > 0) {
      try {
        const { entry, replayed } = await deps.checkout.expirePoints({
          member,
          points: expiring,
          requestKey: `points-expire:${memberId}:${businessDay(at)}`,
          channel: 'system',
          actor: { kind: 'system', name: '积分到期' },
          cutoffDay: run.cutoffDay,
        });
        if (!replayed && entry.pointsDelta < 0) {
          run.expiredMembers++;
          run.expiredPoints -= entry.pointsDelta;
        }
      } catch (err) {
        if (!isDomainError(err)) throw err; // a frozen card keeps its points until it is unfrozen
      }
    }
    if (soon > 0) {
      const outcome = await deps.notices.notifyMemberOf(
        member._id,
        `points-expiring:${memberId}:${businessMonth(at)}`,
        {
          kind: 'pointsExpiring',
          points: soon,
          by: businessDay(new Date(at.getTime() + ANNOUNCE_DAYS * 24 * 3600_000)),
        },
      );
      if (outcome !== 'duplicate') run.announced++;
    }
  }
  return run;
}

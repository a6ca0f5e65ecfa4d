// 老带新: every member has an invite code; a new member who names it (at registration, or within the
// programme's days after) rewards both sides once. The referral is an insert keyed by the new member, each
// reward a ledger entry keyed by it, so retries and races reward nobody twice.
import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { DomainError, isDomainError } from '../errors.js';
import { now } from '../clock.js';
import { insertOnce } from '../insert-once.js';
import { MemberKeyModel } from '../models/member-key.js';
import { ReferralModel } from '../models/referral.js';
import type { Member } from '../models/member.js';
import type { LedgerEntry } from '../models/ledger-entry.js';
import { currentProgramme } from '../programme/programme-service.js';
import type { OperationContext } from '../ledger/ledger-service.js';
import { findMember } from '../members/member-service.js';
import type { Checkout } from '../checkout/checkout.js';
import type { NoticeService } from '../notifications/notice-service.js';

/** No 0/O, 1/I/L: codes are read aloud and typed from a friend's message. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE = /^[2-9A-HJKMNP-Z]{6}$/;
const inviteKey = (code: string) => `invite:${code}`;

export function looksLikeInviteCode(text: string): boolean {
  return CODE.test(text.trim().toUpperCase()) && /[A-Z]/.test(text.toUpperCase());
}

function candidate(memberId: Types.ObjectId, n: number): string {
  const digest = createHash('sha256')
    .update(`${String(memberId)}:${n}`)
    .digest();
  // Always one letter, so a code never looks like part of a phone or card number.
  const letters = ALPHABET.slice(8);
  return [...digest.subarray(0, 6)]
    .map((b, i) => (i === 0 ? letters[b % letters.length] : ALPHABET[b % ALPHABET.length]))
    .join('');
}

/** The member's invite code: the same every time, claimed as a member key the first time it is asked. */
export async function inviteCodeOf(memberId: Types.ObjectId): Promise<string> {
  for (let n = 0; n < 10; n++) {
    const code = candidate(memberId, n);
    if (await insertOnce(MemberKeyModel, { _id: inviteKey(code), memberId })) return code;
    const holder = await MemberKeyModel.findById(inviteKey(code)).lean();
    if (holder?.memberId.equals(memberId)) return code;
  }
  throw new DomainError('CONCURRENT_UPDATE', 'no free invite code');
}

/** The member whose invite code this is; refused when there is none, before anything is written. */
export async function requireInviter(code: string): Promise<Member> {
  const normal = code.trim().toUpperCase();
  const key = CODE.test(normal) ? await MemberKeyModel.findById(inviteKey(normal)).lean() : null;
  const inviter = key ? await findMember(String(key.memberId)) : null;
  if (!inviter) throw new DomainError('REFERRAL_CODE_NOT_FOUND', `no invite code ${normal}`);
  return inviter;
}

export interface ReferralOutcome {
  inviter: Member;
  inviteeEntry: LedgerEntry | null;
  inviterEntry: LedgerEntry | null;
  /** True when this referral had been made before: nothing new was given. */
  replayed: boolean;
}

/**
 * Two members reward each other once, in one direction: the pair is claimed by insert before either
 * referral is recorded, so A inviting B and B naming A's code, even at the same instant, pay once.
 */
async function claimPair(inviter: Member, invitee: Member): Promise<void> {
  const _id = `refpair:${[String(inviter._id), String(invitee._id)].sort().join(':')}`;
  if (await insertOnce(MemberKeyModel, { _id, memberId: invitee._id })) return;
  const first = await MemberKeyModel.findById(_id).lean();
  if (first && !first.memberId.equals(invitee._id)) {
    throw new DomainError('REFERRAL_CIRCULAR', 'these two members are already inviter and invitee');
  }
}

/** Records that `code`'s owner invited `invitee` and rewards both, once. */
export async function applyReferral(
  deps: { checkout: Checkout; notices: NoticeService },
  input: Omit<OperationContext, 'requestKey'> & { invitee: Member; code: string },
): Promise<ReferralOutcome> {
  const { rules } = await currentProgramme();
  const { inviterPoints, inviteePoints, withinDays } = rules.referral;
  if (!inviterPoints && !inviteePoints) throw new DomainError('REFERRAL_OFF', 'referral rewards are off');
  const code = input.code.trim().toUpperCase();
  const inviter = await requireInviter(code);
  const { invitee } = input;
  if (inviter._id.equals(invitee._id))
    throw new DomainError('REFERRAL_SELF', 'a member cannot invite themselves');

  // Within the window a referral is recorded by inserting it; after it, only one made in time stands.
  const inTime = now().getTime() - new Date(invitee.createdAt).getTime() <= withinDays * 24 * 3600_000;
  if (inTime) await claimPair(inviter, invitee);
  const fresh =
    inTime &&
    (await insertOnce(ReferralModel, { _id: invitee._id, inviterId: inviter._id, code, at: now() }));
  if (!fresh) {
    const made = await ReferralModel.findById(invitee._id).lean();
    if (!made)
      throw new DomainError('REFERRAL_TOO_LATE', 'the invite code must be given soon after registering', {
        withinDays,
      });
    // Naming the same inviter again finishes a referral a crash may have cut short; another is refused.
    if (!made.inviterId.equals(inviter._id))
      throw new DomainError('REFERRAL_ALREADY', 'this member was referred already');
  }
  const replayed = !fresh;

  const reward = async (member: Member, points: number, side: 'invitee' | 'inviter') => {
    if (!points) return null;
    const effectKey = `referral:${String(invitee._id)}:${side}`;
    try {
      const { invitee: _invitee, code: _code, ...context } = input;
      const { entry, replayed: again } = await deps.checkout.rewardPoints({
        ...context,
        requestKey: effectKey,
        member,
        points,
        reason: side === 'invitee' ? '新会员邀请奖励' : '邀请新会员奖励',
        invitedMemberId: invitee._id,
      });
      if (again) return entry;
      // Staff and admins' entries are told to the member by settleEntry; one a member's message made is
      // told to the inviter here, who did not ask for it.
      if (side === 'inviter' && entry.actor.kind === 'member') {
        await deps.notices
          .notifyMemberOf(member._id, `referral:${String(invitee._id)}:inviter`, {
            kind: 'referralRewarded',
            inviteeName: invitee.name ?? null,
            entry,
          })
          .catch((err: unknown) => deps.checkout.deps.report?.(err, 'referral notice'));
      }
      return entry;
    } catch (err) {
      // A frozen inviter keeps the referral; their reward waits for nobody (it is not owed twice).
      if (isDomainError(err, 'CARD_FROZEN')) return null;
      throw err;
    }
  };
  const inviteeEntry = await reward(invitee, inviteePoints, 'invitee');
  const inviterEntry = await reward(inviter, inviterPoints, 'inviter');
  return { inviter, inviteeEntry, inviterEntry, replayed };
}

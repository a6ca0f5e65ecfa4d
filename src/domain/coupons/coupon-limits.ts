// A template's total quota and per-member limit, held under any concurrency by inserting numbered slots.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import type { CouponTemplate } from '../models/coupon.js';
import { CouponIssueModel } from '../models/coupon-issue.js';
import { insertOnce } from '../insert-once.js';

const quotaSlot = (t: Types.ObjectId, n: number) => `${String(t)}:q:${n}`;
const memberSlot = (t: Types.ObjectId, m: Types.ObjectId, k: number) => `${String(t)}:m:${String(m)}:${k}`;

/**
 * Where this process starts looking for a free quota slot. Handing each caller its own number spreads
 * concurrent claims over different slots; another process's claims only cost a retry. Correctness comes
 * from the inserts, never from this hint.
 */
const nextQuotaHint = new Map<string, number>();

function takeHint(templateId: Types.ObjectId): number {
  const n = nextQuotaHint.get(String(templateId)) ?? 1;
  nextQuotaHint.set(String(templateId), n + 1);
  return n;
}

/**
 * Claims what one new coupon of the template needs: a member slot (if the template limits members) and a
 * quota slot (if it has a quota). When the quota is spent, the member slot taken for it is given back.
 * Throws COUPON_MEMBER_LIMIT or COUPON_QUOTA_REACHED. Returns the slots it took.
 */
export async function claimIssueSlots(
  template: CouponTemplate,
  memberId: Types.ObjectId | null,
  sn: string,
): Promise<string[]> {
  const at = now();
  let heldMemberSlot: string | null = null;
  if (memberId && template.perMemberLimit) {
    for (let k = 1; k <= template.perMemberLimit && !heldMemberSlot; k++) {
      const id = memberSlot(template._id, memberId, k);
      if (await insertOnce(CouponIssueModel, { _id: id, templateId: template._id, kind: 'member', sn, at })) {
        heldMemberSlot = id;
      }
    }
    if (!heldMemberSlot) {
      throw new DomainError('COUPON_MEMBER_LIMIT', 'this member already holds as many as allowed', {
        perMemberLimit: template.perMemberLimit,
      });
    }
  }
  const held = heldMemberSlot ? [heldMemberSlot] : [];
  if (!template.totalQuota) return held;
  try {
    return [...held, await claimQuotaSlot(template, template.totalQuota, sn)];
  } catch (err) {
    if (heldMemberSlot) await CouponIssueModel.deleteOne({ _id: heldMemberSlot });
    throw err;
  }
}

/**
 * Templates whose quota this process has seen spent. A quota slot given back by a refused reservation
 * (rare: a points-mall exchange refused for points at the moment the quota ran out) is found again by the
 * process that gave it back; others keep refusing that last coupon until they restart, never over-issue.
 */
const spent = new Set<string>();

async function claimQuotaSlot(template: CouponTemplate, quota: number, sn: string): Promise<string> {
  const refuse = () =>
    new DomainError('COUPON_QUOTA_REACHED', 'every coupon of this template has been issued', {
      totalQuota: quota,
    });
  if (spent.has(String(template._id))) throw refuse();
  const doc = (n: number) => ({
    _id: quotaSlot(template._id, n),
    templateId: template._id,
    kind: 'quota',
    sn,
    at: now(),
  });
  for (let n = takeHint(template._id); n <= quota; n = takeHint(template._id)) {
    if (await insertOnce(CouponIssueModel, doc(n))) return doc(n)._id;
  }
  // The hint ran past the quota. A slot below it may still be free (a claim that failed between taking a
  // number and inserting), so look once, slot by slot, before saying the quota is spent.
  for (let n = 1; n <= quota; n++) {
    if (await insertOnce(CouponIssueModel, doc(n))) return doc(n)._id;
  }
  spent.add(String(template._id));
  throw refuse();
}

/**
 * Gives back the slots a reservation took, for an operation refused before its coupon was issued. A quota
 * slot given back is claimed again by a later issue (the search from 1 finds it).
 */
export async function releaseIssueSlots(template: CouponTemplate, slots: string[]): Promise<void> {
  for (const _id of slots) await CouponIssueModel.deleteOne({ _id });
  spent.delete(String(template._id));
}

/**
 * True when every coupon of the template's quota is out: its last quota slot is taken (slots are claimed
 * from 1 upwards, so the last is the last to go). A template without a quota never runs out.
 */
export async function quotaSpent(template: CouponTemplate): Promise<boolean> {
  if (!template.totalQuota) return false;
  if (spent.has(String(template._id))) return true;
  return (await CouponIssueModel.exists({ _id: quotaSlot(template._id, template.totalQuota) })) !== null;
}

// Coupons members claim themselves (领券): a template with a claim number, for the levels and tags it names, inside
// its campaign window, within its total quota and per-member limit (held by issueCoupons' slots).
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { ClaimCodeModel, CouponTemplateModel, type Coupon, type CouponTemplate } from '../models/coupon.js';
import type { Member } from '../models/member.js';
import { currentProgramme } from '../programme/programme-service.js';
import { levelHeld } from '../programme/programme-rules.js';
import { issueCoupons } from './coupon-service.js';
import { quotaSpent } from './coupon-limits.js';
import { allTags, tagsOf } from '../tags/tag-service.js';

function inWindow(t: CouponTemplate, at: Date): boolean {
  return (!t.claimFrom || t.claimFrom <= at) && (!t.claimTo || t.claimTo > at);
}

async function levelCodeOf(member: Member): Promise<string | null> {
  return levelHeld((await currentProgramme()).levels, member.levelId)?.code ?? null;
}

function forLevel(t: CouponTemplate, levelCode: string | null): boolean {
  return !t.audienceLevels?.length || (levelCode !== null && t.audienceLevels.includes(levelCode));
}

/** A template for tags goes to members holding at least one of them. */
function forTags(t: CouponTemplate, tags: string[]): boolean {
  return !t.audienceTags?.length || t.audienceTags.some((tag) => tags.includes(tag));
}

/** What this member may claim now, by claim number. */
export async function claimableFor(member: Member): Promise<CouponTemplate[]> {
  const codes = await ClaimCodeModel.find().lean();
  const templates = await CouponTemplateModel.find({ _id: { $in: codes.map((c) => c.templateId) } }).lean<
    CouponTemplate[]
  >();
  const at = now();
  const level = await levelCodeOf(member);
  const tags = templates.some((t) => t.audienceTags?.length) ? allTags(await tagsOf(member._id)) : [];
  const open = templates.filter(
    (t) => t.claimCode && inWindow(t, at) && forLevel(t, level) && forTags(t, tags),
  );
  // A coupon whose quota is all given out is not offered (claiming its number says so by name).
  const spent = await Promise.all(open.map(quotaSpent));
  return open
    .filter((_, i) => !spent[i])
    .sort((a, b) => a.claimCode!.localeCompare(b.claimCode!, 'en', { numeric: true }));
}

/** Claims one coupon by its number, once per request key. */
export async function claimByCode(member: Member, code: string, requestKey: string): Promise<Coupon> {
  const ref = await ClaimCodeModel.findById(code).lean();
  const template = ref && (await CouponTemplateModel.findById(ref.templateId).lean<CouponTemplate>());
  if (!template) throw new DomainError('CLAIM_CODE_NOT_FOUND', `no claimable coupon ${code}`);
  if (!inWindow(template, now())) {
    throw new DomainError('CLAIM_CLOSED', 'outside the claim window', {
      claimFrom: template.claimFrom,
      claimTo: template.claimTo,
    });
  }
  if (!forLevel(template, await levelCodeOf(member))) {
    const { levels } = await currentProgramme();
    const levelNames = levels.filter((l) => template.audienceLevels.includes(l.code)).map((l) => l.name);
    throw new DomainError('CLAIM_NOT_FOR_LEVEL', 'not for this member’s level', { levelNames });
  }
  if (template.audienceTags?.length && !forTags(template, allTags(await tagsOf(member._id)))) {
    throw new DomainError('CLAIM_NOT_FOR_TAGS', 'not for this member’s tags', {
      tags: template.audienceTags,
    });
  }
  const [coupon] = await issueCoupons(template._id, 1, member._id, `claim:${requestKey}`);
  return coupon!;
}

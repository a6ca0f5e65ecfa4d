// Points the programme itself gives or takes (a referral's reward, points past their expiry): the entry,
// then what follows any committed entry (the level, the member's notice).
import type { CommitResult } from '../ledger/commit.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import type { Member } from '../models/member.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps } from './checkout-request.js';

type RewardInput = Omit<Parameters<LedgerService['reward']>[0], 'memberId'>;
type ExpiryInput = Omit<Parameters<LedgerService['expirePoints']>[0], 'memberId'>;

/** Settles a new entry that moved points; a replay, or an expiry that found nothing left, is not told. */
async function settled(deps: CheckoutDeps, member: Member, committed: CommitResult): Promise<CommitResult> {
  if (!committed.replayed && committed.entry.pointsDelta !== 0)
    await settleEntry(deps, member, committed.entry);
  return committed;
}

export async function rewardPoints(deps: CheckoutDeps, input: RewardInput & { member: Member }) {
  const { member, ...reward } = input;
  return settled(deps, member, await deps.ledger.reward({ ...reward, memberId: member._id }));
}

export async function expirePoints(deps: CheckoutDeps, input: ExpiryInput & { member: Member }) {
  const { member, ...expiry } = input;
  return settled(deps, member, await deps.ledger.expirePoints({ ...expiry, memberId: member._id }));
}

// 签到: the programme's check-in points, once per business day.
import { DomainError } from '../errors.js';
import { businessDay, now } from '../clock.js';
import type { Member } from '../models/member.js';
import { currentRules } from '../programme/programme-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutResult } from './checkout-request.js';
import type { OperationContext } from '../ledger/ledger-service.js';

export async function checkIn(
  deps: CheckoutDeps,
  input: OperationContext & { member: Member },
): Promise<CheckoutResult> {
  if ((await currentRules()).checkinPoints <= 0) {
    throw new DomainError('CHECKIN_DISABLED', 'check-in gives no points in this programme');
  }
  const result = await deps.ledger.checkIn({ ...input, memberId: input.member._id, day: businessDay(now()) });
  return { ...result, ...(await settleEntry(deps, input.member, result.entry)) };
}

// Whether a coupon can be used now, here: pure checks on the coupon as found.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import type { Coupon } from '../models/coupon.js';

export function refuseUnusable(coupon: Coupon, at: Date): void {
  if (coupon.status === 'used') throw new DomainError('COUPON_USED', 'this coupon has already been used');
  if (coupon.status === 'expired' || coupon.expiresAt <= at)
    throw new DomainError('COUPON_EXPIRED', 'this coupon has expired', { expiresAt: coupon.expiresAt });
  if (coupon.status === 'void') throw new DomainError('COUPON_VOID', 'this coupon has been cancelled');
  if (coupon.validFrom > at)
    throw new DomainError('COUPON_NOT_YET_VALID', 'this coupon is not valid yet', {
      validFrom: coupon.validFrom,
    });
}

/**
 * A coupon may be used at a store if it is still valid and lists that store (or none). One shown as used
 * passes here: the use reservation tells a retry of the same request from a second use.
 */
export function couponUsableAt(coupon: Coupon, storeId: Types.ObjectId | null, at: Date): void {
  if (coupon.status !== 'used') refuseUnusable(coupon, at);
  if (coupon.storeIds.length && !coupon.storeIds.some((s) => storeId && s.equals(storeId))) {
    throw new DomainError('COUPON_NOT_APPLICABLE', 'not valid at this store', {
      storeIds: coupon.storeIds.map(String),
    });
  }
}

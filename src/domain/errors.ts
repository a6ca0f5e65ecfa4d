// Domain errors are values with a stable code; adapters map codes to chat text and HTTP statuses once.

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_AMOUNT',
  'AMOUNT_TOO_LARGE',
  'INVALID_PHONE',
  'MEMBER_NOT_FOUND',
  'PHONE_TAKEN',
  'CARD_FROZEN',
  'INSUFFICIENT_BALANCE',
  'INSUFFICIENT_POINTS',
  'ENTRY_NOT_FOUND',
  'ALREADY_REVERSED',
  'NOT_REVERSIBLE',
  'ENTRY_OTHER_STORE',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'CONCURRENT_UPDATE',
  'STORE_NOT_FOUND',
  'STORE_CODE_TAKEN',
  'STAFF_NOT_FOUND',
  'NOT_STAFF_OF_STORE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INVALID_SN',
  'COUPON_NOT_FOUND',
  'COUPON_USED',
  'COUPON_EXPIRED',
  'COUPON_VOID',
  'COUPON_NOT_YOURS',
  'COUPON_ALREADY_YOURS',
  'COUPON_NOT_APPLICABLE',
  'ALREADY_CHECKED_IN',
  'TEMPLATE_NOT_FOUND',
  'TICKET_NOT_FOUND',
  'TICKET_TAKEN',
  'TICKET_CLOSED',
  'TICKET_LIMIT',
  'NOT_ASSIGNEE',
  'EXCLUDED_OVER_AMOUNT',
  'COUPON_IS_GIFT',
  'COUPON_BELOW_MIN_SPEND',
  'COUPON_NOT_YET_VALID',
  'COUPON_QUOTA_REACHED',
  'COUPON_MEMBER_LIMIT',
  'LEVEL_NOT_FOUND',
  'LEVEL_IN_USE',
  'CHECKIN_DISABLED',
  'MALL_ITEM_NOT_FOUND',
  'MALL_ITEM_CLOSED',
  'MALL_SOLD_OUT',
  'MALL_MEMBER_LIMIT',
  'MALL_ITEM_EXISTS',
  'CLAIM_CODE_TAKEN',
  'CLAIM_CODE_NOT_FOUND',
  'CLAIM_CLOSED',
  'CLAIM_NOT_FOR_LEVEL',
  'POINTS_PAYMENT_OFF',
  'POINTS_PAYMENT_STEP',
  'POINTS_PAYMENT_OVER_LIMIT',
  'COUNT_CARD_PLAN_NOT_FOUND',
  'COUNT_CARD_PLAN_EXISTS',
  'COUNT_CARD_NOT_FOUND',
  'COUNT_CARD_USED_UP',
  'COUNT_CARD_EXPIRED',
  'REFERRAL_OFF',
  'REFERRAL_CODE_NOT_FOUND',
  'REFERRAL_SELF',
  'REFERRAL_ALREADY',
  'REFERRAL_TOO_LATE',
  'INVALID_TAG',
  'SEGMENT_NOT_FOUND',
  'CAMPAIGN_NOT_FOUND',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(err: unknown, code?: ErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}

// The one place where errors become HTTP answers: { error: { code, message } } with the right status.
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import { logger } from '../../infra/logger.js';
import { ERROR_REPLIES, errorReply } from '../../bot/templates/error-replies.js';

const STATUS: Record<ErrorCode, number> = {
  SIGN_IN_FAILED: 401,
  STAFF_PHONE_TAKEN: 409,
  WEAK_PASSWORD: 400,
  SESSION_CHECK_FAILED: 403,
  VALIDATION_FAILED: 400,
  UPLOAD_TOO_LARGE: 413,
  INVALID_AMOUNT: 400,
  AMOUNT_TOO_LARGE: 400,
  INVALID_PHONE: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_STAFF_OF_STORE: 403,
  MEMBER_NOT_FOUND: 404,
  ENTRY_NOT_FOUND: 404,
  STORE_NOT_FOUND: 404,
  STAFF_NOT_FOUND: 404,
  NOT_FOUND: 404,
  PHONE_TAKEN: 409,
  STORE_CODE_TAKEN: 409,
  ALREADY_REVERSED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  CONCURRENT_UPDATE: 409,
  CARD_FROZEN: 422,
  INSUFFICIENT_BALANCE: 422,
  INSUFFICIENT_POINTS: 422,
  NOT_REVERSIBLE: 422,
  ENTRY_OTHER_STORE: 422,
  RATE_LIMITED: 429,
  INVALID_SN: 400,
  COUPON_NOT_FOUND: 404,
  TEMPLATE_NOT_FOUND: 404,
  COUPON_USED: 409,
  COUPON_EXPIRED: 422,
  COUPON_VOID: 422,
  COUPON_NOT_YOURS: 403,
  COUPON_ALREADY_YOURS: 409,
  COUPON_NOT_APPLICABLE: 422,
  ALREADY_CHECKED_IN: 409,
  TICKET_NOT_FOUND: 404,
  TICKET_TAKEN: 409,
  TICKET_CLOSED: 409,
  TICKET_LIMIT: 429,
  NOT_ASSIGNEE: 403,
  EXCLUDED_OVER_AMOUNT: 400,
  COUPON_IS_GIFT: 422,
  COUPON_BELOW_MIN_SPEND: 422,
  COUPON_NOT_YET_VALID: 422,
  COUPON_QUOTA_REACHED: 409,
  COUPON_MEMBER_LIMIT: 409,
  LEVEL_NOT_FOUND: 404,
  LEVEL_IN_USE: 409,
  CHECKIN_DISABLED: 422,
  MALL_ITEM_NOT_FOUND: 404,
  MALL_ITEM_CLOSED: 422,
  MALL_SOLD_OUT: 409,
  MALL_MEMBER_LIMIT: 409,
  MALL_ITEM_EXISTS: 409,
  CLAIM_CODE_TAKEN: 409,
  CLAIM_CODE_NOT_FOUND: 404,
  CLAIM_CLOSED: 422,
  CLAIM_NOT_FOR_LEVEL: 403,
  POINTS_PAYMENT_OFF: 409,
  POINTS_PAYMENT_STEP: 400,
  POINTS_PAYMENT_OVER_LIMIT: 409,
  COUNT_CARD_PLAN_NOT_FOUND: 404,
  COUNT_CARD_PLAN_EXISTS: 409,
  COUNT_CARD_NOT_FOUND: 404,
  COUNT_CARD_USED_UP: 409,
  COUNT_CARD_EXPIRED: 409,
  REFERRAL_OFF: 409,
  REFERRAL_CODE_NOT_FOUND: 404,
  REFERRAL_SELF: 400,
  REFERRAL_CIRCULAR: 409,
  REFERRAL_ALREADY: 409,
  REFERRAL_TOO_LATE: 409,
  INVALID_TAG: 400,
  CARD_REPLACED: 410,
  VERIFICATION_FAILED: 400,
  CLAIM_NOT_FOR_TAGS: 403,
  MEMBER_CODE_EXPIRED: 410,
  MEMBER_CODE_USED: 409,
  MEMBER_CODE_INVALID: 400,
  SMS_THROTTLED: 429,
  SMS_UNAVAILABLE: 503,
  ONLINE_RECHARGE_OFF: 409,
  REFUND_SPENT: 409,
  PAID_ONLINE: 409,
  ORDER_NOT_REFUNDABLE: 409,
  SEGMENT_NOT_FOUND: 404,
  CAMPAIGN_NOT_FOUND: 404,
};

export const errorMapping =
  (onUnexpected: (where: string) => void = () => undefined): Middleware =>
  async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'NOT_FOUND', message: `no route ${ctx.method} ${ctx.path}` } };
      }
    } catch (err) {
      if (err instanceof DomainError) {
        ctx.status = STATUS[err.code];
        ctx.body = {
          error: {
            code: err.code,
            message: err.message,
            text: errorReply(err),
            ...(err.details ? { details: err.details } : {}),
          },
        };
        return;
      }
      if (err instanceof ZodError) {
        ctx.status = 400;
        ctx.body = {
          error: {
            code: 'VALIDATION_FAILED',
            message: err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
            text: ERROR_REPLIES.VALIDATION_FAILED,
          },
        };
        return;
      }
      const status = (err as { status?: number; expose?: boolean }).status;
      if (status && status >= 400 && status < 500) {
        // Koa and the body parser throw these for malformed requests (bad JSON, body too large).
        ctx.status = status;
        ctx.body = {
          error: {
            code:
              status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_ENCODING' : 'BAD_REQUEST',
            message: (err as Error).message,
          },
        };
        return;
      }
      logger.error({ err, path: ctx.path }, 'unhandled error');
      onUnexpected('http');
      ctx.status = 500;
      ctx.body = { error: { code: 'INTERNAL', message: 'internal error' } };
    }
  };

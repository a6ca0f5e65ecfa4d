// Mainland China mobile numbers: normalised for storage, masked for display and logs.
import { DomainError } from './errors.js';
import { toHalfWidth } from './money.js';

export type PhoneNumber = string;

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * What a person typed for a phone or card number, without spaces and dashes, and without a +86/0086
 * country code in front of a mobile number. Only then: a card number may itself begin with 86.
 */
export function numberAsTyped(input: string): string {
  const digits = toHalfWidth(input).replace(/[\s-]/g, '');
  const local = digits.replace(/^(\+?86|0086)/, '');
  return MOBILE.test(local) ? local : digits;
}

/** Strips spaces, dashes and a +86/0086 prefix; throws INVALID_PHONE when it is not a mobile number. */
export function normalizePhone(input: string): PhoneNumber {
  const digits = numberAsTyped(input);
  if (!MOBILE.test(digits)) throw new DomainError('INVALID_PHONE', 'not an 11-digit mobile number');
  return digits;
}

export function isPhone(text: string): boolean {
  return MOBILE.test(text);
}

/** 13800138000 → 138****8000. */
export function maskPhone(phone: PhoneNumber): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}

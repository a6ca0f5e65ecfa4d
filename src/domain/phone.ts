// Mainland China mobile numbers: normalised for storage, masked for display and logs.
import { DomainError } from './errors.js';
import { toHalfWidth } from './money.js';

export type PhoneNumber = string;

const MOBILE = /^1[3-9]\d{9}$/;

/** Strips spaces, dashes and a +86/0086 prefix; throws INVALID_PHONE when it is not a mobile number. */
export function normalizePhone(input: string): PhoneNumber {
  const digits = toHalfWidth(input)
    .replace(/[\s-]/g, '')
    .replace(/^(\+?86|0086)/, '');
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

// 会员码: a dynamic code a member shows at the till instead of their phone number. 18 digits:
//   6 · t · nn · masked card number (8) · mac (6)
// t is the 15-second window it was issued in (mod 10); nn tells codes of one window apart; the card
// number's 8 free digits (8xxxxxxxxL: the lead 8 and the Luhn digit follow) are masked with digits drawn
// from an HMAC of window and nn, and the mac is an HMAC of all three. So a code is checked with no storage
// and lives 45–60 s; only its use is stored, so it serves one operation.
import { createHmac, randomInt } from 'node:crypto';
import { luhnCheckDigit } from '../card-number.js';
import { now } from '../clock.js';
import { DomainError } from '../errors.js';
import { insertOnce } from '../insert-once.js';
import { MemberCodeUseModel } from '../models/member-code-use.js';
import { appSecret } from './app-secrets.js';

const WINDOW_MS = 15_000;
/** A code issued in window w is good through window w + 3: at most 60 s, at least 45 s. */
const WINDOWS_VALID = 4;
/** How far back an old code is still recognised as one of ours, to say "expired" rather than "wrong". */
const RECOGNISED_FOR_MS = 24 * 3600_000;
const SHAPE = /^6\d{17}$/;

export const MEMBER_CODE_SECONDS = (WINDOW_MS * WINDOWS_VALID) / 1000;

export function looksLikeMemberCode(text: string): boolean {
  return SHAPE.test(text);
}

const windowAt = (ms: number) => Math.floor(ms / WINDOW_MS);

function digits(key: Buffer, message: string, count: number): string {
  const mac = createHmac('sha256', key).update(message).digest();
  let out = '';
  for (let i = 0; out.length < count; i += 4)
    out += String(mac.readUInt32BE(i % 28) % 1_000_000).padStart(6, '0');
  return out.slice(0, count);
}

const addDigits = (a: string, b: string, sign: 1 | -1) =>
  [...a].map((d, i) => String((Number(d) + sign * Number(b[i]) + 10) % 10)).join('');

function codeFor(key: Buffer, cardNumber: string, window: number, nonce: string): string {
  const masked = addDigits(cardNumber.slice(1, 9), digits(key, `pad:${window}:${nonce}`, 8), 1);
  return `6${window % 10}${nonce}${masked}${digits(key, `mac:${cardNumber}:${window}:${nonce}`, 6)}`;
}

/** The card number under a code's mask, if the code was made in `window`. */
function unmask(key: Buffer, code: string, window: number): string {
  const body = `8${addDigits(code.slice(4, 12), digits(key, `pad:${window}:${code.slice(2, 4)}`, 8), -1)}`;
  return `${body}${luhnCheckDigit(body)}`;
}

/** A new code for this card number, good for the next 45–60 seconds; never one already used. */
export async function issueMemberCode(cardNumber: string): Promise<string> {
  const key = await appSecret('member-code');
  const window = windowAt(now().getTime());
  for (;;) {
    const code = codeFor(key, cardNumber, window, String(randomInt(0, 100)).padStart(2, '0'));
    if (!(await MemberCodeUseModel.exists({ _id: code }))) return code;
  }
}

/** The card number a code stands for, if it is one of ours and alive; refused by name otherwise. */
export async function cardNumberOfCode(code: string): Promise<string> {
  const key = await appSecret('member-code');
  const current = windowAt(now().getTime());
  const issued = windowOf(key, code, current);
  if (issued === null) throw new DomainError('MEMBER_CODE_INVALID', 'not a member code of ours');
  if (current - issued >= WINDOWS_VALID) throw new DomainError('MEMBER_CODE_EXPIRED', 'member code expired');
  return unmask(key, code, issued);
}

/** The window a code was issued in (the newest its tag allows first), or null if none in a day. */
function windowOf(key: Buffer, code: string, current: number): number | null {
  const oldest = current - RECOGNISED_FOR_MS / WINDOW_MS;
  for (let window = current - ((current - Number(code[1]) + 10) % 10); window > oldest; window -= 10) {
    if (codeFor(key, unmask(key, code, window), window, code.slice(2, 4)) === code) return window;
  }
  return null;
}

/**
 * Takes the code for the operation keyed `useKey`: the first operation to take it has it, and the same
 * operation retried (a redelivered message, a repeated request) still does; any other is refused.
 */
export async function useMemberCode(code: string, useKey: string, memberId: string): Promise<void> {
  if (await insertOnce(MemberCodeUseModel, { _id: code, useKey, memberId, at: now() })) return;
  const use = await MemberCodeUseModel.findById(code).lean();
  if (use?.useKey !== useKey) throw new DomainError('MEMBER_CODE_USED', 'member code already used');
}

/** For a look-up, which does not take the code: a code already used is refused all the same. */
export async function refuseUsedMemberCode(code: string): Promise<void> {
  if (await MemberCodeUseModel.exists({ _id: code })) {
    throw new DomainError('MEMBER_CODE_USED', 'member code already used');
  }
}

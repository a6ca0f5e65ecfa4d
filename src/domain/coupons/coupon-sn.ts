// Coupon serial numbers: 11 random characters from an alphabet without look-alikes (no 0/O, 1/I/L),
// then a Luhn mod-31 check character, so a mistyped character or a swapped pair is caught before any lookup.
import { randomInt } from 'node:crypto';
import { toHalfWidth } from '../money.js';

export const SN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const N = SN_ALPHABET.length;
export const SN_LENGTH = 12;

function checkChar(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * SN_ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return SN_ALPHABET[(N - (sum % N)) % N]!;
}

export function generateSn(): string {
  let body = '';
  for (let i = 0; i < SN_LENGTH - 1; i++) body += SN_ALPHABET[randomInt(0, N)];
  return body + checkChar(body);
}

/** Upper-cases and drops spaces and dashes ("abcd-efgh-jkmn" → "ABCDEFGHJKMN"). */
export function normalizeSn(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s-]/g, '')
    .toUpperCase()
    .replace(/[Ａ-Ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Looks like an SN: the right length and alphabet (the check character may still be wrong). */
export function looksLikeSn(text: string): boolean {
  const sn = normalizeSn(text);
  return sn.length === SN_LENGTH && [...sn].every((c) => SN_ALPHABET.includes(c));
}

export function hasValidCheckChar(sn: string): boolean {
  return looksLikeSn(sn) && checkChar(sn.slice(0, -1)) === sn.at(-1);
}

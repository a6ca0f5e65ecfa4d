// Coupon serial numbers: 11 random characters from an alphabet without look-alikes (no 0/O, 1/I/L),
// then a check character, so a mistyped character or a swapped pair is caught before any lookup.
// The check is a position-weighted sum modulo 31, the alphabet's size: 31 is prime and the weights
// 1..12 are distinct, so every single substitution and every transposition changes the sum.
// (Luhn mod N needs an even N: with 31 characters its doubling step maps two values to one.)
import { randomInt } from 'node:crypto';
import { toHalfWidth } from '../money.js';

export const SN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const N = SN_ALPHABET.length;
export const SN_LENGTH = 12;

const INVERSE_OF_LAST_WEIGHT = 13; // 12 × 13 = 156 ≡ 1 (mod 31)

function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * SN_ALPHABET.indexOf(body[i]!);
  return SN_ALPHABET[(((N - (sum % N)) % N) * INVERSE_OF_LAST_WEIGHT) % N]!;
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

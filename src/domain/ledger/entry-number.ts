// Ledger numbers (流水号): short, unguessable, easy to read out at a counter (no 0/O, 1/I/L).
import { randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newEntryNumber(length = 8): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(0, ALPHABET.length)];
  return out;
}

export function normalizeEntryNumber(text: string): string {
  return text.trim().toUpperCase();
}

// Card numbers: 10 digits starting with 8 (never mistaken for a phone), the last a Luhn check digit.
import { randomInt } from 'node:crypto';

export type CardNumber = string;

export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function generateCardNumber(): CardNumber {
  const body = `8${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  return `${body}${luhnCheckDigit(body)}`;
}

export function isCardNumber(text: string): boolean {
  return /^8\d{9}$/.test(text) && luhnCheckDigit(text.slice(0, 9)) === Number(text[9]);
}

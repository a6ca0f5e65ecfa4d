// Money is integer fen. Text from people ("88.5", "￥88.50", "８８元") is parsed here, once, without floats.
import { DomainError } from './errors.js';

/** An amount of money in fen (1 yuan = 100 fen); always a safe integer. */
export type AmountFen = number;

const FULL_WIDTH_DIGIT = /[０-９．]/g;

/** Folds full-width digits and the full-width dot to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Parses a positive amount of yuan with at most two decimals into fen.
 * Accepts a leading ￥/¥ and a trailing 元/块; rejects zero, negatives, more decimals and amounts over maxFen.
 */
export function parseAmountFen(input: string | number, maxFen: AmountFen): AmountFen {
  const text = toHalfWidth(String(input))
    .trim()
    .replace(/^[￥¥]\s*/, '')
    .replace(/\s*(元|块|rmb|cny)$/i, '');
  // A comma only as a thousands separator in its right places ("1,234.50"): "88,50" is not 8,850 yuan.
  const plain = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(text) ? text.replace(/,/g, '') : text;
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) {
    throw new DomainError('INVALID_AMOUNT', `"${String(input)}" is not an amount like 88 or 88.50`, {
      input: String(input),
    });
  }
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return checkAmountFen(fen, maxFen);
}

/** Validates an amount already in fen (from the HTTP API). */
export function checkAmountFen(fen: number, maxFen: AmountFen): AmountFen {
  if (!Number.isSafeInteger(fen) || fen <= 0) {
    throw new DomainError('INVALID_AMOUNT', 'the amount must be a positive whole number of fen', { fen });
  }
  if (fen > maxFen) {
    throw new DomainError('AMOUNT_TOO_LARGE', `the amount is over the limit of ${formatYuan(maxFen)} yuan`, {
      fen,
      maxFen,
    });
  }
  return fen;
}

/** 8850 → "88.50"; -100 → "-1.00". */
export function formatYuan(fen: AmountFen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

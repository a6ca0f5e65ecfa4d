// What a row of the member import must say, as a pure function: the phone is the identity, the rest is
// checked field by field; a row is taken whole or refused with the first reason. Tested without a database.
import { DomainError, isDomainError } from '../errors.js';
import { normalizePhone } from '../phone.js';
import { parseAmountFen } from '../money.js';
import { isTag } from '../tags/tag-rule.js';
import type { ImportRow } from '../models/member-import.js';

/** The published template's columns, in order: what a shop fills in. */
export const IMPORT_COLUMNS = [
  { key: 'phone', header: '手机号' },
  { key: 'name', header: '姓名' },
  { key: 'gender', header: '性别' },
  { key: 'birthday', header: '生日' },
  { key: 'balance', header: '余额' },
  { key: 'points', header: '积分' },
  { key: 'tags', header: '标签' },
] as const;

type TemplateKey = (typeof IMPORT_COLUMNS)[number]['key'];

/**
 * The template's second row: how to fill each column. Its 手机号 cell is not a phone, so a file that
 * still holds it is read without it (see rowsFromTable), however a spreadsheet re-saved it.
 */
export const TEMPLATE_HINTS: Record<TemplateKey, string> = {
  phone: '必填：11 位手机号，一人一行',
  name: '选填：不超过 20 字',
  gender: '选填：男 或 女',
  birthday: '选填：如 1990-05-20',
  balance: '选填：期初余额（元），如 100 或 88.50，仅总部导入',
  points: '选填：期初积分，0 或正整数，仅总部导入',
  tags: '选填：多个标签用、隔开',
};

/** The template's third row: a filled-in example, skipped on import when its phone and name are kept. */
export const TEMPLATE_EXAMPLE: Record<TemplateKey, string> = {
  phone: '13800000000',
  name: '示例（导入时跳过此行）',
  gender: '女',
  birthday: '1990-05-20',
  balance: '',
  points: '',
  tags: '老客户、爱喝咖啡',
};

/** True for the template's hints row or its untouched example (by the cells a re-save cannot change). */
function isTemplateRow(r: ImportRow): boolean {
  if (r.phone === TEMPLATE_HINTS.phone) return true;
  return r.phone === TEMPLATE_EXAMPLE.phone && r.name === TEMPLATE_EXAMPLE.name;
}

export interface ValidRow {
  row: number;
  phone: string;
  name?: string;
  gender?: 'male' | 'female';
  birthday?: string;
  balanceFen: number;
  points: number;
  tags: string[];
}

/**
 * An opening balance is stored value a member paid for somewhere else: no more than the largest amount
 * accepted anywhere (a recharge, by default ¥50,000.00), nor points beyond the largest adjustment.
 */
export const MAX_OPENING_FEN = 5_000_000;
export const MAX_OPENING_POINTS = 1_000_000;

/** An empty cell, or a zero however written (0, 00, 0.00). */
const isBlankOrZero = (text: string) => /^(0+(\.0+)?)?$/.test(text.trim());

export function checkRow(r: ImportRow): ValidRow | { reason: string } {
  let phone: string;
  try {
    phone = normalizePhone(r.phone);
  } catch {
    return { reason: '手机号格式不对' };
  }
  const name = r.name.trim();
  if (name.length > 20) return { reason: '姓名超过 20 字' };
  const gender = { 男: 'male', 女: 'female', '': undefined }[r.gender.trim()] as
    ValidRow['gender'] | undefined;
  if (gender === undefined && r.gender.trim()) return { reason: '性别只能填男或女' };
  const birthday = r.birthday.trim().replace(/[/.]/g, '-');
  if (birthday && (!/^\d{4}-\d{2}-\d{2}$/.test(birthday) || Number.isNaN(Date.parse(birthday)))) {
    return { reason: '生日格式应为 1990-05-20' };
  }
  let balanceFen = 0;
  if (!isBlankOrZero(r.balance)) {
    try {
      balanceFen = parseAmountFen(r.balance.trim(), MAX_OPENING_FEN);
    } catch (err) {
      if (isDomainError(err, 'AMOUNT_TOO_LARGE')) return { reason: '余额超过 50000 元上限' };
      return { reason: '余额格式不对（如 100 或 88.50）' };
    }
  }
  const points = r.points.trim() ? Number(r.points.trim()) : 0;
  if (!Number.isSafeInteger(points) || points < 0) return { reason: '积分应为 0 或正整数' };
  if (points > MAX_OPENING_POINTS) return { reason: `积分超过 ${MAX_OPENING_POINTS} 上限` };
  const tags = r.tags
    .split(/[、,，;；\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.some((t) => !isTag(t)) || tags.length > 20) return { reason: '标签格式不对' };
  return {
    row: r.row,
    phone,
    ...(name ? { name } : {}),
    ...(gender ? { gender } : {}),
    ...(birthday ? { birthday } : {}),
    balanceFen,
    points,
    tags,
  };
}

/**
 * The rows of an uploaded table (first row: the template's headers, in any order; extra columns ignored).
 * Empty lines, the template's hints and its untouched example are skipped; row numbers are the file's.
 */
export function rowsFromTable(table: string[][]): ImportRow[] {
  const header = (table[0] ?? []).map((h) => h.trim());
  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, header.indexOf(c.header)])) as Record<
    (typeof IMPORT_COLUMNS)[number]['key'],
    number
  >;
  if (index.phone < 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `the first row must name the template's columns (${IMPORT_COLUMNS.map((c) => c.header).join(', ')})`,
    );
  }
  const rows: ImportRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => !c.trim())) return;
    const cell = (k: keyof typeof index) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '');
    const row: ImportRow = {
      row: i + 2,
      phone: cell('phone'),
      name: cell('name'),
      gender: cell('gender'),
      birthday: cell('birthday'),
      balance: cell('balance'),
      points: cell('points'),
      tags: cell('tags'),
    };
    if (!isTemplateRow(row)) rows.push(row);
  });
  return rows;
}

/** A row that would open stored value or points (anything but empty or zero in 余额 or 积分). */
export function opensValue(r: ImportRow): boolean {
  return !isBlankOrZero(r.balance) || !isBlankOrZero(r.points);
}

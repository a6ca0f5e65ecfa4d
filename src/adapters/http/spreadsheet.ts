// Streams rows out as .xlsx (exceljs' streaming writer) or CSV (csv-stringify, with a BOM so Excel reads
// the Chinese), one row in memory at a time.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import type { Column, Row } from '../../domain/exports/export-rows.js';
import { formatYuan } from '../../domain/money.js';

export type SheetFormat = 'xlsx' | 'csv';

export const CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export function sheetStream(
  format: SheetFormat,
  name: string,
  columns: Column[],
  rows: AsyncIterable<Row>,
): Readable {
  const out = new PassThrough();
  const fail = (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err)));
  const money = columns.filter((c) => c.money).map((c) => c.key);
  if (format === 'csv') {
    out.write('\ufeff');
    const csv = stringify({ header: true, columns: columns.map((c) => ({ key: c.key, header: c.header })) });
    csv.on('error', fail);
    csv.pipe(out);
    Readable.from(csvRows(rows, money)).on('error', fail).pipe(csv);
    return out;
  }
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(name);
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.money ? 14 : 18,
    ...(c.money ? { style: { numFmt: YUAN_FORMAT } } : {}),
  }));
  void (async () => {
    for await (const row of rows) sheet.addRow(xlsxRow(row, money)).commit();
    sheet.commit();
    await book.commit();
  })().catch(fail);
  return out;
}

/**
 * Text a spreadsheet would run as a formula (= + - @, or a tab or CR before one) gets a leading
 * apostrophe, as OWASP advises for CSV; plain numbers such as -8.80 stay numbers. The .xlsx writer stores
 * every string as text, so it needs none of this.
 */
export function neutraliseFormula(value: string | number): string | number {
  if (typeof value !== 'string' || !/^[=+\-@\t\r]/.test(value)) return value;
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? value : `'${value}`;
}

/** Excel's own number format for yuan: a number cell shown as ¥1,234.50. */
const YUAN_FORMAT = '"¥"#,##0.00';

/** Money columns as yuan text (fen are whole numbers, so the text is exact), formulas neutralised. */
async function* csvRows(rows: AsyncIterable<Row>, money: string[]): AsyncGenerator<Row> {
  for await (const row of rows) {
    yield Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        money.includes(k) && typeof v === 'number' ? formatYuan(v) : neutraliseFormula(v),
      ]),
    );
  }
}

/** Money columns as yuan numbers for the sheet's ¥ format. */
function xlsxRow(row: Row, money: string[]): Row {
  if (!money.length) return row;
  const out = { ...row };
  for (const k of money) if (typeof out[k] === 'number') out[k] = (out[k] as number) / 100;
  return out;
}

/** The answer headers of a download. */
export function downloadHeaders(format: SheetFormat, filename: string): Record<string, string> {
  return {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': `attachment; filename="${filename}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}.${format}`,
  };
}

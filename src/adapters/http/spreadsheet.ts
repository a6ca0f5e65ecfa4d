// Streams rows out as .xlsx (exceljs' streaming writer) or CSV (csv-stringify, with a BOM so Excel reads
// the Chinese), one row in memory at a time.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../../domain/errors.js';
import type { Column, Row } from '../../domain/exports/export-rows.js';

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
  if (format === 'csv') {
    out.write('\ufeff');
    const csv = stringify({ header: true, columns: columns.map((c) => ({ key: c.key, header: c.header })) });
    csv.on('error', fail);
    csv.pipe(out);
    Readable.from(rows).on('error', fail).pipe(csv);
    return out;
  }
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: 16 }));
  void (async () => {
    for await (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
    await book.commit();
  })().catch(fail);
  return out;
}

/** The answer headers of a download. */
export function downloadHeaders(format: SheetFormat, filename: string): Record<string, string> {
  return {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': `attachment; filename="${filename}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}.${format}`,
  };
}

/** An uploaded .xlsx (its first sheet) or CSV as a table of text cells. */
export async function readSheet(format: SheetFormat, data: Buffer): Promise<string[][]> {
  try {
    if (format === 'csv')
      return parse(data, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const table: string[][] = [];
    sheet?.eachRow({ includeEmpty: true }, (row, n) => {
      const values = row.values as unknown[];
      table[n - 1] = values.slice(1).map(cellText);
    });
    return Array.from(table, (r) => r ?? []);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('VALIDATION_FAILED', `the file is not a readable ${format}`);
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return String(o.result);
  }
  return String(v);
}

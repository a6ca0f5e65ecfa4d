// Streams rows out as .xlsx (exceljs' streaming writer) or CSV (csv-stringify, with a BOM so Excel reads
// the Chinese), one row in memory at a time.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
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

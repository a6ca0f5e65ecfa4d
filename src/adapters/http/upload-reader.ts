// Reads an uploaded .xlsx or CSV into a table of text cells without letting the file hurt the service: a
// zip's unpacked sizes are checked before anything is inflated, the sheet is read as a stream, and both
// formats stop at a row cap and a cell size, so a bomb or a giant sheet is refused in about a second.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DomainError } from '../../domain/errors.js';
import { MAX_ROWS } from '../../domain/imports/member-import.js';
import type { SheetFormat } from './spreadsheet.js';

export interface UploadLimits {
  /** Data rows at most (the header row is not counted). */
  maxRows: number;
  /** Characters in one cell (CSV: one record) at most. */
  maxCellChars: number;
  /** Unpacked bytes of one zip entry, and of all of them together, at most. */
  maxEntryBytes: number;
  maxUnpackedBytes: number;
  maxEntries: number;
}

/**
 * A 200,000-row template sheet unpacks to about 60 MB of XML and 15 MB of shared strings, so these leave
 * room for real files and refuse a bomb (an 8 MB zip that unpacks to 8 GB) by its declared sizes.
 */
export const IMPORT_LIMITS: UploadLimits = {
  maxRows: MAX_ROWS,
  maxCellChars: 4_096,
  maxEntryBytes: 128 * 1024 * 1024,
  maxUnpackedBytes: 192 * 1024 * 1024,
  maxEntries: 256,
};

function tooLarge(message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError('UPLOAD_TOO_LARGE', message, details);
}

function unreadable(format: SheetFormat): DomainError {
  return new DomainError('VALIDATION_FAILED', `the file is not a readable ${format}`);
}

export async function readUpload(
  format: SheetFormat,
  data: Buffer,
  limits = IMPORT_LIMITS,
): Promise<string[][]> {
  return format === 'csv' ? readCsv(data, limits) : readXlsx(data, limits);
}

async function readCsv(data: Buffer, limits: UploadLimits): Promise<string[][]> {
  const parser = Readable.from([data]).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: limits.maxCellChars * 16,
    }),
  );
  const table: string[][] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (table.length > limits.maxRows) throw tooManyRows(limits);
      table.push(record);
    }
  } catch (err) {
    parser.destroy();
    if (err instanceof DomainError) throw err;
    if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw tooLarge(`a row of the file is longer than ${limits.maxCellChars * 16} characters`);
    }
    throw unreadable('csv');
  }
  return table;
}

function tooManyRows(limits: UploadLimits): DomainError {
  return tooLarge(`at most ${limits.maxRows} rows per file`, { maxRows: limits.maxRows });
}

async function readXlsx(data: Buffer, limits: UploadLimits): Promise<string[][]> {
  await checkZip(data, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const table: string[][] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (row.number > limits.maxRows + 1) throw tooManyRows(limits);
        const cells = (row.values as unknown[]).slice(1).map(cellText);
        if (cells.some((c) => c.length > limits.maxCellChars)) {
          throw tooLarge(`a cell is longer than ${limits.maxCellChars} characters`, { row: row.number });
        }
        table[row.number - 1] = cells;
      }
      break; // the first sheet only
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw unreadable('xlsx');
  }
  return Array.from(table, (r) => r ?? []);
}

/**
 * Refuses a zip whose entries declare too much, then inflates every entry once into nothing, counting:
 * yauzl refuses an entry whose data inflates past the size it declares, so a lying header cannot pass.
 */
async function checkZip(data: Buffer, limits: UploadLimits): Promise<void> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(data, { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(unreadable('xlsx')) : resolve(z),
    ),
  );
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    let total = 0;
    zip.on('error', () => reject(unreadable('xlsx')));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      total += entry.uncompressedSize;
      if (entries.length >= limits.maxEntries) return reject(tooLarge('the file has too many parts'));
      if (entry.uncompressedSize > limits.maxEntryBytes || total > limits.maxUnpackedBytes) {
        return reject(
          tooLarge(`the file unpacks to more than ${Math.round(limits.maxUnpackedBytes / 2 ** 20)} MB`, {
            maxUnpackedBytes: limits.maxUnpackedBytes,
          }),
        );
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
  try {
    for (const entry of entries) {
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) => (err ? reject(unreadable('xlsx')) : resolve(s))),
      );
      for await (const chunk of stream) void chunk;
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw tooLarge('a part of the file unpacks to more than it says');
  } finally {
    zip.close();
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

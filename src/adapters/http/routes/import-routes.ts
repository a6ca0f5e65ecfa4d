// Member imports over HTTP: the published template, an upload (.xlsx or CSV, the raw file as the body)
// that a bull job imports with progress, and the import's report.
import { randomUUID } from 'node:crypto';
import getRawBody from 'raw-body';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import {
  IMPORT_COLUMNS,
  opensValue,
  rowsFromTable,
  TEMPLATE_EXAMPLE,
  TEMPLATE_HINTS,
} from '../../../domain/imports/import-rules.js';
import { createImport, requireImport } from '../../../domain/imports/member-import.js';
import type { MemberImport } from '../../../domain/models/member-import.js';
import { actorOf } from '../actor.js';
import { objectId, route } from '../route-table.js';
import { storeFor } from '../auth.js';
import { storeInScope, storesInScope } from '../../../domain/staff/roles.js';
import { Types } from 'mongoose';
import { downloadHeaders, sheetStream, type SheetFormat } from '../spreadsheet.js';
import { readUpload } from '../upload-reader.js';

const format = z.enum(['xlsx', 'csv']);
const MAX_UPLOAD = '20mb';

function importView(job: MemberImport) {
  return {
    id: job._id,
    state: job.state,
    storeId: job.storeId ? String(job.storeId) : null,
    total: job.total,
    processed: job.processed,
    progress: job.total ? Math.round((job.processed / job.total) * 100) : 0,
    imported: job.imported,
    rejected: job.rejected,
  };
}

/** Under the headers: how to fill each column, then an example (both skipped when the file comes back). */
async function* templateRows() {
  yield TEMPLATE_HINTS;
  yield TEMPLATE_EXAMPLE;
}

export const importRoutes = [
  route({
    method: 'get',
    path: '/api/imports/members/template.:format',
    summary:
      'The member import template (手机号, 姓名, 性别, 生日, 余额, 积分, 标签) as .xlsx or .csv, with a row of ' +
      'hints and an example row under the headers (both skipped when the file is imported)',
    tag: 'imports',
    roles: ['manager'],
    async handler({ params }) {
      const f = format.parse(params.format);
      return {
        body: sheetStream(f, '会员导入', [...IMPORT_COLUMNS], templateRows()),
        headers: downloadHeaders(f, 'member-import-template'),
      };
    },
  }),
  route({
    method: 'post',
    path: '/api/imports/members',
    summary:
      'Import members from the template as .xlsx or .csv (the file is the body; ?format=xlsx|csv). The phone is ' +
      'the identity: duplicates in the file or against cards are reported, never merged; opening balances and ' +
      'points become ledger entries. Answers 202 with the import id; a repeated Idempotency-Key the same import',
    tag: 'imports',
    roles: ['manager'],
    scope: 'stores',
    idempotent: 'optional',
    query: z.object({ format: format.default('xlsx'), storeId: objectId.optional() }),
    async handler({ ctx, query, principal, requestKey, services }) {
      // A store manager imports into their store; 总部 into the one it names, or none.
      const storeId = storeFor(principal, query.storeId ? new Types.ObjectId(query.storeId) : null);
      const data = await getRawBody(ctx.req, { limit: MAX_UPLOAD }).catch((err: { status?: number }) => {
        throw err.status === 413 ? err : new DomainError('VALIDATION_FAILED', 'the upload could not be read');
      });
      const rows = rowsFromTable(await readUpload(query.format as SheetFormat, data));
      // Opening stored value is money the chain owes: 总部 imports it, a store manager imports profiles.
      if (storesInScope(principal) !== null && rows.some(opensValue)) {
        throw new DomainError('FORBIDDEN', 'opening balances and points are imported by 总部 (owner)', {
          role: 'owner',
        });
      }
      const { job, created } = await createImport(requestKey || randomUUID(), rows, storeId);
      if (created) await services.imports.start(job._id, actorOf(principal));
      return { status: created ? 202 : 200, body: importView(job) };
    },
  }),
  route({
    method: 'get',
    path: '/api/imports/:id',
    summary: 'An import’s progress and its report: imported, and the rejected rows with their reasons',
    tag: 'imports',
    roles: ['manager'],
    scope: 'stores',
    async handler({ params, principal }) {
      const job = await requireImport(params.id!);
      if (!storeInScope(principal, job.storeId)) {
        throw new DomainError('NOT_STAFF_OF_STORE', 'this import was made for a store you do not work for');
      }
      return { body: importView(job) };
    },
  }),
];

// Exports, streamed as .xlsx or CSV: members (all, by level, by tag) and ledger entries (by period, by
// store); a store manager's reach their stores only.
import { z } from 'zod';
import {
  ledgerRows,
  LEDGER_COLUMNS,
  MEMBER_COLUMNS,
  memberRows,
} from '../../../domain/exports/export-rows.js';
import { KIND_NAMES } from '../../../bot/templates/kind-names.js';
import type { LedgerKind } from '../../../domain/models/ledger-entry.js';
import { dayText, objectId, route } from '../route-table.js';
import { filterWithinStores } from '../../../domain/marketing/segments.js';
import { storesInScope } from '../../../domain/staff/roles.js';
import { downloadHeaders, sheetStream } from '../spreadsheet.js';

const format = z.enum(['xlsx', 'csv']);

export const exportRoutes = [
  route({
    method: 'get',
    path: '/api/exports/members.:format',
    summary:
      'Members as .xlsx or .csv (the import template’s columns first), all or by level or tag, streamed',
    tag: 'exports',
    roles: ['manager'],
    scope: 'stores',
    query: z.object({ level: z.string().max(20).optional(), tag: z.string().max(20).optional() }),
    async handler({ params, query, principal }) {
      const f = format.parse(params.format);
      // A store manager's export holds the members registered at their stores.
      const filter = filterWithinStores(
        { ...(query.level ? { levels: [query.level] } : {}), ...(query.tag ? { tags: [query.tag] } : {}) },
        storesInScope(principal),
      );
      const rows = memberRows(filter);
      return { body: sheetStream(f, '会员', MEMBER_COLUMNS, rows), headers: downloadHeaders(f, 'members') };
    },
  }),
  route({
    method: 'get',
    path: '/api/exports/ledger.:format',
    summary: 'Ledger entries as .xlsx or .csv, by business days (from, to) and store, streamed',
    tag: 'exports',
    roles: ['manager'],
    scope: 'stores',
    query: z.object({ from: dayText.optional(), to: dayText.optional(), storeId: objectId.optional() }),
    async handler({ params, query, principal }) {
      const f = format.parse(params.format);
      // A store manager's export holds their stores' entries; naming another store is refused.
      const { storeIds } = filterWithinStores(
        query.storeId ? { storeIds: [query.storeId] } : {},
        storesInScope(principal),
      );
      const rows = ledgerRows(
        {
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(storeIds ? { storeIds } : {}),
        },
        (kind) => KIND_NAMES[kind as LedgerKind] ?? kind,
      );
      return { body: sheetStream(f, '流水', LEDGER_COLUMNS, rows), headers: downloadHeaders(f, 'ledger') };
    },
  }),
];

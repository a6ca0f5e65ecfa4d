// Who may call each admin API route, as a Markdown table made from the route table and the same role
// check the router runs, so the README's table cannot drift from what the service does.
import type { Types } from 'mongoose';
import { DomainError } from '../../domain/errors.js';
import type { StaffRole } from '../../domain/models/staff.js';
import { requireRole, type Principal } from './auth.js';
import type { RouteSpec } from './route-table.js';

/** The credentials a chain hands out, in the table's column order. */
export const CREDENTIALS: ReadonlyArray<{
  key: string;
  title: string;
  kind: Principal['kind'];
  roles: StaffRole[];
}> = [
  { key: 'owner', title: '总部', kind: 'staff', roles: ['owner'] },
  { key: 'manager', title: '店长（本店）', kind: 'staff', roles: ['manager'] },
  { key: 'otherManager', title: '店长（他店）', kind: 'staff', roles: ['manager'] },
  { key: 'cashier', title: '收银员', kind: 'staff', roles: ['cashier'] },
  { key: 'agent', title: '客服', kind: 'staff', roles: ['agent'] },
  { key: 'integration', title: '集成', kind: 'integration', roles: [] },
];

export type Access = 'yes' | 'own-stores' | 'no';

/** What a credential may do on a route: everything, only its stores' records, or nothing (403). */
export function accessOf(spec: RouteSpec, credential: (typeof CREDENTIALS)[number]): Access {
  const principal: Principal = {
    subject: credential.key,
    kind: credential.kind,
    name: credential.title,
    roles: credential.roles,
    storeIds: [] as Types.ObjectId[],
  };
  try {
    requireRole(principal, spec.roles, spec.integrations ? ['integration'] : []);
  } catch (err) {
    if (err instanceof DomainError) return 'no';
    throw err;
  }
  const storeBound = credential.kind === 'staff' && !credential.roles.includes('owner');
  return spec.scope === 'stores' && storeBound ? 'own-stores' : 'yes';
}

const MARK: Record<Access, string> = { yes: '✓', 'own-stores': '本店', no: '—' };

export function accessTable(routes: readonly RouteSpec[]): string {
  const header = `| route | ${CREDENTIALS.map((c) => c.title).join(' | ')} |`;
  const rule = `| --- | ${CREDENTIALS.map(() => ':-:').join(' | ')} |`;
  const lines = routes.map(
    (spec) =>
      `| \`${spec.method.toUpperCase()} ${spec.path}\` | ${CREDENTIALS.map((c) => MARK[accessOf(spec, c)]).join(' | ')} |`,
  );
  return [header, rule, ...lines].join('\n');
}

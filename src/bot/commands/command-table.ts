// Who may run each store command in a store's group chat, as a Markdown table made from the command
// registry and the same check the staff router runs.
import type { StaffRole } from '../../domain/models/staff.js';
import { commandAllows, type StaffCommandSpec } from './staff-command-spec.js';

/** The people who may be in a store's group chat, in the table's column order. */
export const CHAT_CREDENTIALS: ReadonlyArray<{
  key: string;
  title: string;
  roles: StaffRole[];
  ofStore: boolean;
}> = [
  { key: 'owner', title: '总部', roles: ['owner'], ofStore: true },
  { key: 'manager', title: '店长（本店）', roles: ['manager'], ofStore: true },
  { key: 'otherManager', title: '店长（他店）', roles: ['manager'], ofStore: false },
  { key: 'cashier', title: '收银员', roles: ['cashier'], ofStore: true },
  { key: 'agent', title: '客服', roles: ['agent'], ofStore: false },
];

/** True when this person may run the command in this store's group (总部 works at every store). */
export function mayRun(spec: StaffCommandSpec, who: (typeof CHAT_CREDENTIALS)[number]): boolean {
  const atStore = who.ofStore || spec.needsStore === false;
  return atStore && commandAllows(spec, who.roles);
}

export function commandTable(commands: readonly StaffCommandSpec[]): string {
  const header = `| command | ${CHAT_CREDENTIALS.map((c) => c.title).join(' | ')} |`;
  const rule = `| --- | ${CHAT_CREDENTIALS.map(() => ':-:').join(' | ')} |`;
  const lines = commands.map(
    (spec) =>
      `| \`${spec.words[0]}\` | ${CHAT_CREDENTIALS.map((c) => (mayRun(spec, c) ? '✓' : '—')).join(' | ')} |`,
  );
  return [header, rule, ...lines].join('\n');
}

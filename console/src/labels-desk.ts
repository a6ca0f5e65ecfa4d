// Names for the desk pages' codes: a ticket's deadline state, report lines, import states.
export const SLA_NAMES: Record<string, string> = {
  ok: '正常',
  at_risk: '即将超时',
  overdue: '已超时',
};

/** Element Plus tag colours for the same states. */
export const SLA_TAGS: Record<string, 'success' | 'warning' | 'danger'> = {
  ok: 'success',
  at_risk: 'warning',
  overdue: 'danger',
};

export const IMPORT_STATE: Record<string, string> = {
  queued: '排队中',
  running: '导入中',
  done: '已完成',
};

/** Chat channels a group can be bound through (POST /api/stores/:id/groups). */
export const GROUP_CHANNELS: Array<{ code: string; name: string }> = [
  { code: 'wechaty', name: '微信群' },
  { code: 'telegram', name: '电报群' },
  { code: 'http', name: '接口对接' },
];

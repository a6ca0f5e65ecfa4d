// The audit-log actor for an API caller.
import type { Actor } from '../../domain/models/audit-log.js';
import type { Principal } from './auth.js';

export function actorOf(principal: Principal): Actor {
  return {
    kind: principal.staffId ? 'staff' : 'admin',
    id: principal.staffId ? String(principal.staffId) : principal.subject,
    name: principal.name,
    channel: 'http',
  };
}

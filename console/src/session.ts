// Who is signed in: their name, roles and stores, as the service tells it (GET /api/session). Menus and
// actions are shown only when the role holds them; the service checks again on every call.
import { reactive } from 'vue';
import { api, useCsrfToken } from './api';

export type Role = 'cashier' | 'manager' | 'agent' | 'owner' | 'admin';

export interface SessionInfo {
  kind: 'admin' | 'staff';
  name: string;
  roles: Role[];
  storeIds: string[];
  csrfToken: string;
  expiresAt: string;
}

/** The roles each role also holds (the service's staff/roles.ts, which decides). */
const HOLDS: Record<Role, readonly Role[]> = {
  admin: ['admin', 'owner', 'manager', 'cashier', 'agent'],
  owner: ['owner', 'manager', 'cashier'],
  manager: ['manager'],
  cashier: ['cashier'],
  agent: ['agent'],
};

export const session = reactive<{ current: SessionInfo | null }>({ current: null });

/** True when the signed-in person holds one of the roles (an empty list: anyone signed in). */
export function can(...wanted: Role[]): boolean {
  const roles = session.current?.roles ?? [];
  if (!session.current) return false;
  if (wanted.length === 0) return true;
  return roles.some((r) => wanted.some((w) => HOLDS[r]?.includes(w)));
}

function use(info: SessionInfo | null): SessionInfo | null {
  session.current = info;
  useCsrfToken(info?.csrfToken ?? '');
  return info;
}

/** Reads the session the cookie stands for; null when nobody is signed in. */
export async function loadSession(): Promise<SessionInfo | null> {
  try {
    return use(await api<SessionInfo>('GET', '/api/session'));
  } catch {
    return use(null);
  }
}

export async function signIn(body: Record<string, string>): Promise<SessionInfo> {
  return use(await api<SessionInfo>('POST', '/api/session', { body })) as SessionInfo;
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/api/session').catch(() => undefined);
  use(null);
}

window.addEventListener('huiyuan:signed-out', () => use(null));

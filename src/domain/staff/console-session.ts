// Console sessions: a random cookie value, stored only as its SHA-256, good for 12 hours. The CSRF token is
// derived from the cookie (so nothing more is stored) and must come back in a header on every write.
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { ConsoleSessionModel } from '../models/console-session.js';

export const SESSION_TTL_MS = 12 * 60 * 60_000;

const digest = (text: string) => createHash('sha256').update(text).digest();

export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

/** Opens a session for a staff member, or (staffId null) for whoever holds the admin token. */
export async function openSession(staffId: Types.ObjectId | null): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const at = now();
  const expiresAt = new Date(at.getTime() + SESSION_TTL_MS);
  await ConsoleSessionModel.deleteMany({ expiresAt: { $lte: at } });
  await ConsoleSessionModel.create({ _id: digest(token).toString('hex'), staffId, expiresAt });
  return { token, expiresAt };
}

/** The live session a cookie stands for, or null (unknown, ended, or expired). */
export async function liveSession(token: string) {
  if (!/^[\w-]{43}$/.test(token)) return null;
  const session = await ConsoleSessionModel.findById(digest(token).toString('hex')).lean();
  return session && session.expiresAt > now() ? session : null;
}

export async function closeSession(token: string): Promise<void> {
  await ConsoleSessionModel.deleteOne({ _id: digest(token).toString('hex') });
}

/** The CSRF token that goes with a session cookie. */
export function csrfTokenOf(token: string): string {
  return digest(`csrf:${token}`).toString('base64url');
}

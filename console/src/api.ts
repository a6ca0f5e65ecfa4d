// Every call the console makes: same-origin with the session cookie, the CSRF token on writes, an
// Idempotency-Key on money and status changes, and errors turned into Chinese before anyone sees them.
import { errorText } from './labels';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken = '';
export function useCsrfToken(token: string): void {
  csrfToken = token;
}

/** A fresh key for one action the person confirmed: a retried click or a lost answer applies once. */
export function newIdempotencyKey(): string {
  return `console-${crypto.randomUUID()}`;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as Idempotency-Key (the route requires it for money and status changes). */
  key?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pages type the answers they read
export async function api<T = any>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const isFile = options.body instanceof Blob;
  if (options.body !== undefined && !isFile) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.key) headers['idempotency-key'] = options.key;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: isFile
      ? (options.body as Blob)
      : options.body !== undefined
        ? JSON.stringify(options.body)
        : undefined,
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const code: string = data?.error?.code ?? `HTTP_${res.status}`;
    const error = new ApiError(res.status, code, errorText(code, data?.error?.text), data?.error?.details);
    if (res.status === 401) window.dispatchEvent(new CustomEvent('huiyuan:signed-out'));
    throw error;
  }
  return data as T;
}

/** The message to show in place for a failed call (never an English code). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '网络异常，请稍后重试';
}

/** Downloads a file the API answers with (reports, exports, templates) under the name it gives. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) {
    const data = await res.json().catch(() => ({}));
    const code: string = data?.error?.code ?? `HTTP_${res.status}`;
    throw new ApiError(res.status, code, errorText(code, data?.error?.text));
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name ? decodeURIComponent(name) : fallbackName;
  link.click();
  URL.revokeObjectURL(link.href);
}

import type { ErrorBody } from './types';

export const API_BASE = '/api/v1';

/**
 * Sent with every request: a write signed in by the session cookie (a tab without the token, opened
 * from a signed-in one) must carry it, which a form or page of another site cannot (CSRF).
 */
export const CLIENT_HEADER = { 'x-wenze-client': 'workbench' } as const;

/** An answer of the API that is not 2xx, with its error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get problems(): string[] {
    return this.body.details?.problems ?? [];
  }
}

let currentToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The session sets the bearer token used for every request, and what to do on a 401. */
export function configureClient(token: string | null, unauthorized: (() => void) | null): void {
  currentToken = token;
  onUnauthorized = unauthorized;
}

export interface Reply<T> {
  data: T;
  headers: Headers;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { body?: unknown; form?: FormData; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...CLIENT_HEADER,
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // A form (multipart/form-data) sets its own content type, with the boundary.
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (error) {
    throw new ApiError(0, {
      statusCode: 0,
      error: 'Network error',
      message: `The service did not answer (${(error as Error).message})`,
    });
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { statusCode: res.status, error: res.statusText, message: text.slice(0, 300) };
  }
  if (!res.ok) {
    if (res.status === 401 && onUnauthorized) onUnauthorized();
    const body =
      parsed && typeof parsed === 'object'
        ? (parsed as ErrorBody)
        : { statusCode: res.status, error: res.statusText, message: String(parsed) };
    throw new ApiError(res.status, body);
  }
  return { data: parsed as T, headers: res.headers };
}

export const get = async <T>(path: string, signal?: AbortSignal): Promise<T> =>
  (await request<T>('GET', path, { signal })).data;

export const post = async <T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T> =>
  (await request<T>('POST', path, { body, headers })).data;

/** Saves bytes as a file of the given name (through an object URL, released afterwards). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file the API serves, fetched with the bearer token (a plain link cannot send it); errors as ApiError. */
async function fetchFile(path: string): Promise<Response> {
  const res = await fetch(API_BASE + path, {
    headers: currentToken ? { ...CLIENT_HEADER, authorization: `Bearer ${currentToken}` } : CLIENT_HEADER,
  });
  if (res.ok) return res;
  if (res.status === 401 && onUnauthorized) onUnauthorized();
  const text = await res.text();
  let body: ErrorBody;
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    body = { statusCode: res.status, error: res.statusText, message: text.slice(0, 300) };
  }
  throw new ApiError(res.status, body);
}

/** Bytes the API serves (a download, a PDF), as a Blob. */
export async function getBlob(path: string): Promise<Blob> {
  return (await fetchFile(path)).blob();
}

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * Downloads a file the API serves (with the bearer token) and saves it under the name its
 * Content-Disposition gives (`filename*`), else `fallback`. An error answer is thrown as ApiError.
 */
export async function download(path: string, fallback: string): Promise<void> {
  const res = await fetchFile(path);
  const disposition = res.headers.get('content-disposition') ?? '';
  const starred = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  saveBlob(await res.blob(), starred ? decodeURIComponent(starred[1]) : fallback);
}

/**
 * Reads a Server-Sent Events stream with the bearer header (EventSource cannot send one, and a token
 * in the URL would end up in logs), calling `onData` with each message's data; resolves when it ends.
 */
export async function readEvents(
  path: string,
  onData: (data: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/event-stream', ...CLIENT_HEADER };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  const res = await fetch(API_BASE + path, { headers, signal });
  if (!res.ok || !res.body) {
    if (res.status === 401 && onUnauthorized) onUnauthorized();
    throw new ApiError(res.status, {
      statusCode: res.status,
      error: res.statusText,
      message: res.statusText,
    });
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart());
      buffer = buffer.slice(end + 2);
      if (data.length) onData(data.join('\n'));
    }
  }
}

import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

/** Where the built web app is (`apps/web/dist`: index.html and hashed files under assets/). */
export interface WebOptions {
  readonly root: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// Vite names every file under assets/ by its content hash: a changed file gets a new name, so
// browsers may keep these forever. index.html must always be revalidated to pick up new names.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const API = /^\/(trpc|auth)(\/|$)|^\/healthz$/;

async function fileAt(path: string): Promise<Buffer | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path);
  } catch {
    return null;
  }
}

/**
 * GET handler for the SPA (its Content-Security-Policy is the app-wide one of
 * `security-headers.ts`, which allows only this origin's scripts): a file of the build when the path names one, otherwise index.html, so
 * deep links (`/shop`, `/admin/users/3`) load the app and its router takes over. API paths and
 * missing files with an extension (a stale asset) fall through to the JSON 404.
 */
export function serveWeb({ root }: WebOptions): MiddlewareHandler {
  const base = normalize(root);
  return async function serveWebApp(c, next) {
    const path = c.req.path;
    if (API.test(path)) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return next();
    }
    const target = normalize(join(base, decoded));
    if (target !== base && !target.startsWith(base + sep)) return next(); // ../ out of the build
    const body = target === base ? null : await fileAt(target);
    if (body !== null) {
      c.header('content-type', TYPES[extname(target)] ?? 'application/octet-stream');
      c.header('cache-control', path.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
      return c.body(new Uint8Array(body));
    }
    if (extname(decoded) !== '') return next();
    const index = await fileAt(join(base, 'index.html'));
    if (index === null) return next();
    c.header('content-type', TYPES['.html']);
    c.header('cache-control', 'no-cache');
    return c.body(new Uint8Array(index));
  };
}

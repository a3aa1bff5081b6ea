import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';

type Directives = Record<string, string[]>;
type RouteHelmet = Omit<FastifyHelmetOptions, 'global'>;

/** JSON answers render nothing: no source of anything, and no framing. */
const API: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The workbench (web/dist, a Vite build): its own scripts, styles, images and API only. React's
 * style props go through the CSSOM, which style-src does not restrict; the SPA has no inline script.
 */
const WORKBENCH: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI and Bull Board ship inline `<style>` blocks and style attributes in their HTML, and
 * Swagger's stylesheet uses data: images; their scripts are files of their own. Bull Board's Google
 * Fonts stylesheet is left out on purpose: the page falls back to local fonts rather than telling
 * a third party who opens the queue board.
 */
const INLINE_STYLES: Directives = { ...WORKBENCH, 'style-src': ["'self'", "'unsafe-inline'"] };

/** Where the pages that need their own policy are, besides the API under `/api/`. */
export interface SecurityHeaderRoutes {
  /** Swagger UI, e.g. `/api/docs` (its JSON at `/api/docs-json` is API). */
  docs: string;
  /** Bull Board, e.g. `/admin/queues`. */
  queueBoard: string;
}

/** The policies by route URL, first match wins; the workbench's policy is the default. */
function routePolicies(
  routes: SecurityHeaderRoutes,
): { matches: (url: string) => boolean; helmet: RouteHelmet }[] {
  const under = (prefix: string) => (url: string) => url === prefix || url.startsWith(`${prefix}/`);
  return [
    {
      matches: under(routes.docs),
      helmet: { contentSecurityPolicy: { useDefaults: false, directives: INLINE_STYLES } },
    },
    { matches: under('/api'), helmet: { contentSecurityPolicy: { useDefaults: false, directives: API } } },
    {
      matches: under(routes.queueBoard),
      helmet: {
        contentSecurityPolicy: { useDefaults: false, directives: INLINE_STYLES },
        // The board's own PUT/DELETE requests must carry their Origin, which the board's CSRF check
        // reads (src/deadlines/queue-board.ts): under no-referrer the Fetch standard (Firefox) sends `Origin: null`.
        // same-origin still tells no other site anything.
        referrerPolicy: { policy: 'same-origin' },
      },
    },
  ];
}

/**
 * Security headers on every answer (@fastify/helmet): a Content-Security-Policy by route — strict for
 * the API, the workbench's own origin for the SPA, inline styles for Swagger UI and Bull Board —
 * with `frame-ancestors 'none'` everywhere, X-Content-Type-Options: nosniff, X-Frame-Options: DENY,
 * Referrer-Policy: no-referrer, and no X-Powered-By. Call before any route is added (the by-route
 * policies are attached as routes are registered) and before other onRequest hooks that may answer
 * early, so that their answers carry the headers too.
 */
export async function registerSecurityHeaders(
  app: NestFastifyApplication,
  routes: SecurityHeaderRoutes,
): Promise<void> {
  const policies = routePolicies(routes);
  const fastify = app.getHttpAdapter().getInstance();
  // Runs before @fastify/helmet's own onRoute hook, which turns `helmet` into the route's config.
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.helmet !== undefined) return;
    const match = policies.find((r) => r.matches(route.url));
    if (match) route.helmet = match.helmet;
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: WORKBENCH },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HTTPS itself is the TLS terminator's business; no claim about sibling hosts.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
}

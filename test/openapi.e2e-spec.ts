/*
 * The OpenAPI document is the contract the workbench's types are generated from (DESIGN.md,
 * "Published schemas are the validator"). This spec keeps it honest on the real service:
 * - the document the service serves is the one committed in web/src/api/openapi.json, and the
 *   committed web/src/api/schema.d.ts is what openapi-typescript makes of it (regenerate both with
 *   `npm run openapi && npm run openapi:types` after changing a route or a DTO);
 * - real responses of many routes validate against the schema their route declares, with every
 *   declared object closed (`additionalProperties: false`), so a field the server adds or drops
 *   without declaring it fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { SAMPLE } from '../machines/accountability.fixtures';
import {
  decideAndDeliver,
  expectStatus,
  openBody,
  openCase,
  step,
  unique,
  users,
  walkToDecision,
  type Users,
} from './support/procedure';
import { Client, startTestApp, type Reply, type TestApp } from './support/test-app';

const ROOT = resolve(__dirname, '..');
const COMMITTED = join(ROOT, 'web', 'src', 'api', 'openapi.json');
const TYPES = join(ROOT, 'web', 'src', 'api', 'schema.d.ts');
const REGENERATE = 'run `npm run openapi && npm run openapi:types` and commit the result';

type Json = Record<string, unknown>;
type Method = 'get' | 'post';

/**
 * An OpenAPI 3.0 schema as JSON Schema for Ajv: `nullable` becomes `anyOf [..., null]`, objects that
 * list properties are closed unless they say otherwise, and `#/components/…` refs point into the
 * document registered under `id`.
 */
function toJsonSchema(schema: unknown, id: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, id));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = v.startsWith('#/') ? `${id}${v}` : v;
    else if (k !== 'nullable' && k !== 'example') out[k] = toJsonSchema(v, id);
  }
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return (schema as Json).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

class ResponseSchemas {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    this.ajv.addSchema({ $id: 'openapi', components: toJsonSchema(document.components, 'openapi') });
  }

  /** Checks a reply against what its route declares for its status (application/json). */
  check(method: Method, route: string, reply: Reply<unknown>): void {
    const key = `${method} ${route} ${reply.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const paths = this.document.paths as Record<string, Record<string, { responses: Json }>>;
      const operation = paths[`/api/v1${route}`]?.[method];
      if (!operation) throw new Error(`${method.toUpperCase()} ${route} is not in the document`);
      const declared = operation.responses[String(reply.status)] as
        { content?: Record<string, { schema: unknown }> } | undefined;
      const schema = declared?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${key}: the document declares no JSON body for this status`);
      validate = this.ajv.compile(toJsonSchema(schema, 'openapi') as Json);
      this.compiled.set(key, validate);
    }
    if (!validate(reply.body)) {
      throw new Error(
        `${key}: the body does not fit its declared schema:\n` +
          `${this.ajv.errorsText(validate.errors, { separator: '\n' })}\n` +
          `body: ${JSON.stringify(reply.body).slice(0, 2000)}`,
      );
    }
  }
}

describe('OpenAPI document', () => {
  let app: TestApp;
  let u: Users;
  let served: Json;
  let schemas: ResponseSchemas;
  let anonymous: Client;

  beforeAll(async () => {
    app = await startTestApp();
    u = await users(app.baseUrl);
    anonymous = new Client(app.baseUrl);
    const docs = await fetch(app.baseUrl.replace(/\/api\/v1$/, '/api/docs-json'));
    expect(docs.status).toBe(200);
    served = (await docs.json()) as Json;
    schemas = new ResponseSchemas(served);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('is served as committed in web/src/api/openapi.json', () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as Json;
    if (JSON.stringify(served) !== JSON.stringify(committed)) {
      // The full comparison, for a readable diff; the hint says what to do about it.
      expect({ hint: REGENERATE, document: served }).toEqual({ hint: REGENERATE, document: committed });
    }
  });

  it('has web/src/api/schema.d.ts generated from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenze-openapi-types-'));
    try {
      const out = join(dir, 'schema.d.ts');
      const bin = (name: string, file: string) => join(ROOT, 'node_modules', name, 'bin', file);
      const run = (args: string[], input?: string) =>
        execFileSync(process.execPath, args, { cwd: ROOT, input, encoding: 'utf8', stdio: 'pipe' });
      run([bin('openapi-typescript', 'cli.js'), COMMITTED, '-o', out]);
      // Formatted as npm run openapi:types formats it (Prettier with the project's settings).
      const generated = run(
        [bin('prettier', 'prettier.cjs'), '--stdin-filepath', TYPES],
        readFileSync(out, 'utf8'),
      );
      expect(generated === readFileSync(TYPES, 'utf8') ? 'up to date' : REGENERATE).toBe('up to date');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('declares a response body for every JSON route under /api/v1, and ErrorBody for its 4xx', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(served.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(operations as Record<string, { responses: Json }>)) {
        const responses = Object.entries(op.responses) as [string, { content?: Json }][];
        const ok = responses.filter(([status]) => status.startsWith('2'));
        // 204 No Content is the one success without a body.
        if (!ok.length || ok.some(([status, r]) => status !== '204' && !r.content))
          missing.push(`${method} ${path}`);
        for (const [status, r] of responses) {
          const json = r.content?.['application/json'] as { schema?: Json } | undefined;
          if (/^4/.test(status) && json?.schema?.$ref !== '#/components/schemas/ErrorBody') {
            missing.push(`${method} ${path} ${status}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes what the routes really answer', async () => {
    const check = <T>(method: Method, route: string, reply: Reply<T>, status: number): T => {
      expectStatus(reply, status);
      schemas.check(method, route, reply);
      return reply.body;
    };

    // Cases: open (201), open again (200), read, list, send, dry run.
    const businessKey = unique('oa-');
    const opened = check(
      'post',
      '/cases',
      await u.integration.post('/cases', openBody({ businessKey })),
      201,
    );
    const id = String(opened.id);
    check('post', '/cases', await u.integration.post('/cases', openBody({ businessKey })), 200);
    check('get', '/cases/{id}', await u.officer.get(`/cases/${id}`), 200);
    check('post', '/cases/{id}/events', await u.officer.send(id, 'ACCEPT', {}), 200);
    check('post', '/cases/{id}/events', await u.leader.send(id, 'APPROVE_INVESTIGATION', {}), 200);

    // A case taken to a decision with measures, and one left early for the dry run and a deadline.
    const decided = await openCase(u);
    await walkToDecision(u, decided.id);
    await decideAndDeliver(u, decided.id);
    const early = await openCase(u);
    await step(u, early.id, 'ACCEPT');
    check(
      'post',
      '/cases/{id}/events',
      await u.leader.post(`/cases/${early.id}/events?dryRun=true`, { type: 'APPROVE_INVESTIGATION' }),
      200,
    );
    check('get', '/cases', await u.officer.get('/cases?limit=5'), 200);
    const view = check('get', '/cases/{id}', await u.officer.get<Json>(`/cases/${decided.id}`), 200);
    // The schemas are closed: a field the server sent without declaring it is caught.
    const undeclared = { status: 200, body: { ...view, undeclared: true }, headers: new Headers() };
    expect(() => schemas.check('get', '/cases/{id}', undeclared)).toThrow(/additional properties/);

    // Audit trail, verification, cross-case search, dossier.
    check('get', '/cases/{id}/history', await u.officer.get(`/cases/${decided.id}/history`), 200);
    check('get', '/cases/{id}/verify', await u.officer.get(`/cases/${decided.id}/verify`), 200);
    check('get', '/audit', await u.supervisor.get('/audit?limit=3'), 200);
    check('get', '/cases/{id}/dossier', await u.supervisor.get(`/cases/${decided.id}/dossier`), 200);

    // Subjects, workflows, deadlines, stats.
    check('get', '/subjects/{id}', await u.officer.get(`/subjects/${decided.subject.id}`), 200);
    check('get', '/workflows', await u.officer.get('/workflows'), 200);
    check('get', '/workflows/{name}', await u.officer.get('/workflows/accountability'), 200);
    check('get', '/deadlines', await u.supervisor.get('/deadlines?limit=5'), 200);
    check('get', '/stats', await u.supervisor.get('/stats?workflow=accountability'), 200);

    // Sign-in, health, and error bodies.
    const devUsers = check(
      'get',
      '/auth/dev-users',
      await anonymous.get<{ sub: string }[]>('/auth/dev-users'),
      200,
    );
    check('post', '/auth/dev-login', await anonymous.post('/auth/dev-login', { sub: devUsers[0].sub }), 200);
    check('post', '/auth/dev-login', await anonymous.post('/auth/dev-login', { sub: 'nobody-at-all' }), 400);
    check('get', '/health', await anonymous.get('/health'), 200);
    check('get', '/health/live', await anonymous.get('/health/live'), 200);
    check('get', '/cases/{id}', await u.officer.get('/cases/00000000-0000-4000-8000-000000000000'), 404);
    check('get', '/cases/{id}', await anonymous.get(`/cases/${id}`), 401);
    check('get', '/audit', await u.officer.get('/audit'), 403);
    check('post', '/cases/{id}/events', await u.officer.send(id, 'ACCEPT', {}), 422);
    check(
      'post',
      '/cases/{id}/events',
      await u.officer.send(id, 'RECORD_STATEMENT', SAMPLE.RECORD_STATEMENT, { 'If-Match': '"1"' }),
      409,
    );
  });
});

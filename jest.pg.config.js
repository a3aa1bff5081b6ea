/**
 * The end-to-end suites again on PostgreSQL (`npm run test:pg`, WENZE_TEST_PG_URL). Left out, because
 * what they prove does not touch the store (they run on SQLite in `npm test`):
 * - the browser suites: they drive the same HTTP API, whose every route the e2e suites prove here;
 * - pure specs and fixtures under test/support and test/fixtures;
 * - suites about the HTTP layer, tokens and start-up checks only: the OpenAPI document, the catalogue's
 *   start-up checks, slow clients, headers and the minimal answer, identity-provider tokens, the queue
 *   board's cookie;
 * - BullMQ's workers while Redis is away (redis-outage: no store involved);
 * - SQLite's planner statistics for a new index (PostgreSQL keeps its own).
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '/test/browser/',
    '/test/support/',
    '/test/fixtures/',
    '/test/openapi\\.e2e-spec\\.ts$',
    '/test/catalogue-checks\\.e2e-spec\\.ts$',
    '/test/slow-clients\\.e2e-spec\\.ts$',
    '/test/http-path\\.e2e-spec\\.ts$',
    '/test/identity\\.e2e-spec\\.ts$',
    '/test/queue-board\\.e2e-spec\\.ts$',
    '/test/redis-outage\\.e2e-spec\\.ts$',
    '/test/index-statistics\\.e2e-spec\\.ts$',
  ],
};

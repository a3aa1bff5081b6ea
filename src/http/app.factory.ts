import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { QUEUE_BOARD_ROUTE, queueBoardGuard } from '../deadlines/queue-board';
import { TokenService } from '../auth/token.service';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { requestId } from '../logging/logging.module';
import { FORBIDDEN_TEXT_RULE } from './forbidden-text';
import { guardJsonBody } from './json-guard';
import { jsonOnly } from './json-only';
import { registerSecurityHeaders } from './security-headers';
import { serverTiming } from './server-timing';
import { createValidationPipe } from './validation.pipe';
import { validateConfig } from '../config/config.validate';
import { serveWebUi } from '../web/web-ui';

export const API_PREFIX = 'api/v1';

type LoggerOption = false | ('error' | 'warn' | 'log' | 'debug')[];

/** Builds the HTTP application (roles all and api); main.ts and the end-to-end tests both start it this way. */
export async function createApp(options: { logger?: LoggerOption } = {}): Promise<NestFastifyApplication> {
  const config = validateConfig(process.env);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Subject refs (up to 200 characters) are path parameters of GET /subjects/:id; the default is 100.
    maxParamLength: 500,
    trustProxy: config.TRUST_PROXY,
    genReqId: requestId,
    // Slow senders (slowloris) hold a socket for at most these; Node checks them every second or so.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeout: config.REQUEST_TIMEOUT_MS + config.KEEP_ALIVE_TIMEOUT_MS,
    http: { connectionsCheckingInterval: 1000 },
  });
  adapter.getInstance().addHook('onRequest', jsonOnly(`/${API_PREFIX}/`));
  adapter.getInstance().addHook('preValidation', guardJsonBody);
  if (config.SERVER_TIMING) serverTiming(adapter.getInstance());
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    // Case files, records and dossiers are confidential: no cache on the way may keep them.
    if (request.url.startsWith(`/${API_PREFIX}/`)) reply.header('Cache-Control', 'no-store');
  });
  // Unless told otherwise, every log line — the engine's, the deadlines', 500 traces — goes through pino
  // as JSON, with the request id where there is a request.
  const pino = options.logger === undefined;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config.WENZE_ROLE),
    adapter,
    {
      logger: options.logger ?? nestLogLevels(config.LOG_LEVEL),
      bufferLogs: pino,
      abortOnError: false,
    },
  );
  if (pino) app.useLogger(app.get(Logger));
  // Before any route and before the queue board's hook, so that every answer carries the headers.
  await registerSecurityHeaders(app, { docs: `/${DOCS_ROUTE}`, queueBoard: QUEUE_BOARD_ROUTE });
  // multipart/form-data for attachments only; the routes stream the file and set its limits per request.
  // JSON bodies keep their parser and BODY_LIMIT_BYTES.
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: config.ATTACHMENT_MAX_BYTES + 1, files: 1, fields: 4, parts: 6 },
  });
  const boardRoles = app.get(WorkflowRegistry).rolesFor('queueBoard');
  adapter.getInstance().addHook('onRequest', queueBoardGuard(app.get(TokenService), boardRoles));
  app.setGlobalPrefix(API_PREFIX, { exclude: [QUEUE_BOARD_ROUTE, `${QUEUE_BOARD_ROUTE}/{*path}`] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup(DOCS_ROUTE, app, () => openApiDocument(app));
  await serveWebUi(app);
  return app;
}

/** Swagger UI; the document itself is served at `${DOCS_ROUTE}-json` (npm run openapi writes it to web/src/api). */
export const DOCS_ROUTE = 'api/docs';

/** The OpenAPI document of an app built by createApp: what /api/docs-json serves and npm run openapi writes. */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const docs = new DocumentBuilder()
    .setTitle('Wenze API')
    .setDescription(
      'Accountability procedures: cases, events, audit trail, subjects, workflows, deadlines. ' +
        'Request bodies are application/json (415 otherwise; attachment uploads multipart/form-data). ' +
        `In every text field and property name: ${FORBIDDEN_TEXT_RULE} (400 naming the field).`,
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, docs);
}

/**
 * Nest's own log levels for LOG_LEVEL, which also sets the request logs' level: with LOG_LEVEL=warn the
 * API no longer writes a line per committed transition (a measurable cost per request).
 */
function nestLogLevels(level: string): LoggerOption {
  if (level === 'silent') return false;
  if (level === 'fatal' || level === 'error') return ['error'];
  if (level === 'warn') return ['error', 'warn'];
  if (level === 'info') return ['error', 'warn', 'log'];
  return ['error', 'warn', 'log', 'debug'];
}

/** A deadline worker without an HTTP server (role worker). */
export async function createWorker(
  options: { logger?: LoggerOption } = {},
): Promise<INestApplicationContext> {
  validateConfig(process.env);
  const app = await NestFactory.createApplicationContext(AppModule.register('worker'), {
    logger: options.logger,
    bufferLogs: options.logger === undefined,
    abortOnError: false,
  });
  if (options.logger === undefined) app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}

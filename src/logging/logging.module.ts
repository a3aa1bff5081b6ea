import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app.config';

/** JSON logs (pino) with the request id on every line of a request. */
export const Logging = LoggerModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<AppConfig, true>) => ({
    pinoHttp: {
      level: config.get('LOG_LEVEL', { infer: true }),
      // Fastify assigns the id (see requestId below); pino-http reuses req.id.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/v1/health') },
    },
  }),
});

/** The request id: the caller's X-Request-Id when it looks like one, else a new UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
}

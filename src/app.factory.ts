import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation.pipe';
import { validateConfig } from './config/app.config';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP application; main.ts and the end-to-end tests both start it this way. */
export async function createApp(options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const config = validateConfig(process.env);
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: options.logger ?? ['error', 'warn', 'log'],
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const docs = new DocumentBuilder()
    .setTitle('Wenze API')
    .setDescription('Accountability procedures: cases, events, audit trail, subjects, workflows')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs));
  return app;
}

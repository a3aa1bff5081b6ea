import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app.config';

export interface WebhookAnswer {
  status: number;
}

/** Sends one signed body to an endpoint; the only place webhooks leave the service (swap it to send otherwise). */
@Injectable()
export class WebhookTransport {
  private readonly timeoutMs: number;

  constructor(config: ConfigService<AppConfig, true>) {
    this.timeoutMs = config.get('WEBHOOK_TIMEOUT_MS', { infer: true });
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<WebhookAnswer> {
    const reply = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await reply.body?.cancel();
    return { status: reply.status };
  }
}

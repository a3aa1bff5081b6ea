import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import type { AppConfig } from '../config/app.config';
import type { Actor } from '../engine/actor';
import { Clock } from '../engine/clock';
import { WebhookDeliveryEntity, WebhookEntity } from '../engine/persistence/notice.entity';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { ApiErrors } from '../http/dto/error-body.dto';
import { CreateWebhookDto, WebhookDeliveryListDto, WebhookDto, WebhookListDto } from './dto/webhook.dto';

const webhookId = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new BadRequestException('id must be a webhook id (UUID)'),
});

const view = (w: WebhookEntity): WebhookDto => ({
  id: w.id,
  url: w.url,
  unitId: w.unitId,
  kinds: JSON.parse(w.kinds) as string[],
  createdBy: w.createdBy,
  createdAt: w.createdAt,
});

/** Outbound webhooks: an admin registers endpoints for the cases of a unit's subtree within reach. */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('webhooks')
export class WebhooksController {
  private readonly allowedHosts: Set<string> | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: Jurisdiction,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
    /** On SQLite a transaction of its own would collide with the engine's on the one connection. */
    private readonly tx: TransactionRunner,
  ) {
    const hosts = config.get('WEBHOOK_ALLOWED_HOSTS', { infer: true });
    this.allowedHosts = hosts
      ? new Set(
          hosts
            .split(',')
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        )
      : null;
  }

  @Post()
  @Access('manageWebhooks')
  @ApiOperation({
    summary:
      'Register an endpoint (admin): the notices of the kinds asked for, about cases of the unit’s subtree, are ' +
      'POSTed to it as JSON signed with the secret (header Wenze-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of ' +
      '"<t>.<body>">), retried with backoff until a 2xx answer; see README “Webhooks”',
  })
  @ApiCreatedResponse({ type: WebhookDto })
  @ApiErrors(400, 403, 404)
  async create(@Body() body: CreateWebhookDto, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    this.checkUrl(body.url);
    const unitId = body.unitId ?? actor.unit;
    if (!unitId) throw new BadRequestException('unitId is required for a token without a unit');
    const reach = await this.jurisdiction.reach(actor);
    await this.jurisdiction.assertExists(unitId);
    if (!(await this.jurisdiction.reaches(reach, unitId)))
      throw new NotFoundException(`No unit ${unitId} within your reach`);
    const row: WebhookEntity = {
      id: randomUUID(),
      unitId,
      url: body.url,
      secret: body.secret,
      kinds: JSON.stringify(body.kinds),
      createdBy: actor.sub,
      createdAt: this.clock.now().toISOString(),
    };
    await this.db.manager.insert(WebhookEntity, row);
    return view(row);
  }

  @Get()
  @Access('manageWebhooks')
  @ApiOperation({ summary: 'The webhooks registered for units within your reach (secrets are not shown)' })
  @ApiOkResponse({ type: WebhookListDto })
  @ApiErrors(403)
  async list(@CurrentActor() actor: Actor): Promise<WebhookListDto> {
    const reach = await this.jurisdiction.reach(actor);
    const rows = await this.db.manager.find(WebhookEntity, { order: { createdAt: 'ASC' } });
    const mine: WebhookDto[] = [];
    for (const row of rows) if (await this.jurisdiction.reaches(reach, row.unitId)) mine.push(view(row));
    return { items: mine };
  }

  @Get(':id/deliveries')
  @Access('manageWebhooks')
  @ApiOperation({
    summary:
      'The delivery log of a webhook, newest first (at most `limit`, default 50): status, attempts, last answer',
  })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiErrors(400, 403, 404)
  async deliveries(
    @Param('id', webhookId) id: string,
    @CurrentActor() actor: Actor,
    @Query('limit') limitText?: string,
  ): Promise<WebhookDeliveryListDto> {
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new BadRequestException('limit must be a whole number from 1 to 500');
    await this.hookInReach(id, actor);
    const rows = await this.db.manager.find(WebhookDeliveryEntity, {
      where: { webhookId: id },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        noticeId: r.noticeId,
        status: r.status,
        attempts: r.attempts,
        lastStatus: r.lastStatus,
        lastError: r.lastError,
        createdAt: r.createdAt,
        lastAttemptAt: r.lastAttemptAt,
        deliveredAt: r.deliveredAt,
        body: r.body,
      })),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('manageWebhooks')
  @ApiOperation({
    summary:
      'Remove a webhook (admin, within reach): nothing more is sent to it; deliveries still pending are marked ' +
      'failed ("webhook removed"), so none of them is sent',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(400, 403, 404)
  async remove(@Param('id', webhookId) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.hookInReach(id, actor);
    const now = this.clock.now().toISOString();
    await this.tx.run(async (m) => {
      await m.update(
        WebhookDeliveryEntity,
        { webhookId: id, status: 'pending' },
        { status: 'failed', lastError: 'webhook removed', lastAttemptAt: now },
      );
      await m.delete(WebhookEntity, { id });
    });
  }

  /** The webhook, when it exists and its unit is within the caller's reach; 404 otherwise. */
  private async hookInReach(id: string, actor: Actor): Promise<WebhookEntity> {
    const hook = await this.db.manager.findOneBy(WebhookEntity, { id });
    if (!hook || !(await this.jurisdiction.reaches(await this.jurisdiction.reach(actor), hook.unitId)))
      throw new NotFoundException(`No webhook ${id}`);
    return hook;
  }

  /** http(s) only, no credentials in it, and a host on the allow-list when one is configured. */
  private checkUrl(text: string): void {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new BadRequestException('url must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new BadRequestException('url must be an http or https URL');
    if (url.username || url.password)
      throw new BadRequestException('url must not carry a user name or password');
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (this.allowedHosts && !this.allowedHosts.has(host))
      throw new BadRequestException(`url's host ${host} is not in WEBHOOK_ALLOWED_HOSTS`);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentReader, type Reader } from '../access-log/reader';
import { AccessLogService } from '../access-log/access-log.service';
import { Access } from '../auth/auth.types';
import { ApiErrors } from '../http/dto/error-body.dto';
import { InboxPageDto, InboxQueryDto } from './dto/inbox.dto';
import { InboxQuery } from './inbox.query';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxQuery,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get()
  @Access('readCases')
  @ApiOperation({
    summary:
      `我的待办: the active cases within your reach that wait for an event you may send now (logged). ` +
      `At most \`limit\` cases waiting for your roles, newest first, are looked at per request; nextCursor goes on`,
  })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiErrors(400, 403)
  async list(@Query() query: InboxQueryDto, @CurrentReader() reader: Reader) {
    const page = await this.inbox.page(reader.actor, query.cursor, query.limit);
    await this.accessLog.record(reader, 'inbox', { resultCount: page.items.length, query });
    return page;
  }
}

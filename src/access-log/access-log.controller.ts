import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/auth.types';
import { ApiErrors } from '../http/dto/error-body.dto';
import { AccessLogService } from './access-log.service';
import { AccessLogPageDto } from './dto/access-log.dto';
import { AccessLogQuery } from './dto/access-log.query';
import { CurrentReader, type Reader } from './reader';

@ApiTags('access-log')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('access-log')
export class AccessLogController {
  constructor(private readonly log: AccessLogService) {}

  @Get()
  @Access('accessLog')
  @ApiOperation({
    summary:
      'Who read which records (查阅登记), newest first: reads of cases in your subtree and reads by its users ' +
      '(this read is logged too, as accessLog.read)',
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  @ApiErrors(400, 403)
  async list(@Query() query: AccessLogQuery, @CurrentReader() reader: Reader) {
    const page = await this.log.search(reader, query);
    await this.log.record(reader, 'accessLog.read', { resultCount: page.items.length, query });
    return page;
  }
}

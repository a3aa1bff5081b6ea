import { Controller, Get, Param } from '@nestjs/common';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Access } from '../auth/auth.types';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { SubjectRecordDto } from './dto/subject-record.dto';
import { SubjectsService } from './subjects.service';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('subjects')
export class SubjectsController {
  constructor(
    private readonly subjects: SubjectsService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get(':id')
  @Access('readRecords')
  @ApiOperation({
    summary:
      'Lifelong record (id or ref): the cases within your reach and their measures, impact periods, restrictedUntil (logged)',
  })
  @ApiOkResponse({ type: SubjectRecordDto })
  @ApiErrors(401, 403, 404)
  async record(@Param('id') id: string, @CurrentReader() reader: Reader) {
    const record = await this.subjects.record(id, reader.actor);
    await this.accessLog.record(reader, 'subject.read', {
      subjectId: record.id,
      resultCount: record.cases.length,
    });
    return record;
  }
}

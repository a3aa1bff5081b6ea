import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { SubjectRecordDto } from './dto/subject-record.dto';
import { SubjectsService } from './subjects.service';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly subjects: SubjectsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Lifelong record: cases, measures, impact periods, restrictedUntil (id or ref)' })
  @ApiOkResponse({ type: SubjectRecordDto })
  @ApiErrors(401, 404)
  record(@Param('id') id: string) {
    return this.subjects.record(id);
  }
}

import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubjectsService } from './subjects.service';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly subjects: SubjectsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Lifelong record: cases, measures, impact periods, restrictedUntil (id or ref)' })
  record(@Param('id') id: string) {
    return this.subjects.record(id);
  }
}

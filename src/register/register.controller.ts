import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
  PayloadTooLargeException,
  Delete,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import type { Actor } from '../engine/actor';
import { ApiErrors } from '../http/dto/error-body.dto';
import { AcceptsMultipart } from '../http/json-only';
import {
  CadreDto,
  CadreImportResultDto,
  CadreListQueryDto,
  CadrePageDto,
  CreateCadreDto,
  ImportQueryDto,
  ImportUploadDto,
  UpdateCadreDto,
} from './dto/cadre.dto';
import { readRegisterFile, RegisterFileError } from './register-file';
import { CadreRegisterService } from './register.service';

/** The largest register file taken (a register of 20,000 rows is well under it). */
export const MAX_REGISTER_FILE_BYTES = 5 * 1024 * 1024;

const cadreIdPipe = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new BadRequestException('id must be a cadre id (UUID)'),
});

@ApiTags('register')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class RegisterController {
  constructor(
    private readonly register: CadreRegisterService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get('units/:code/cadres')
  @Access('readRegister')
  @ApiOperation({
    summary:
      "A unit's cadre register (干部名册), by ref, filtered by name or ref (q), status or department (logged); 404 outside your reach",
  })
  @ApiOkResponse({ type: CadrePageDto })
  @ApiErrors(400, 403, 404)
  async list(
    @Param('code') code: string,
    @Query() query: CadreListQueryDto,
    @CurrentReader() reader: Reader,
  ): Promise<CadrePageDto> {
    const page = await this.register.list(reader.actor, code, query);
    const activeCount = await this.register.count(code);
    await this.accessLog.record(reader, 'register.list', {
      unitId: code,
      resultCount: page.items.length,
      query: { ...query },
    });
    return { ...page, activeCount };
  }

  @Get('cadres/:id')
  @Access('readRegister')
  @ApiOperation({ summary: 'One person on a register within your reach (logged); 404 outside it' })
  @ApiOkResponse({ type: CadreDto })
  @ApiErrors(400, 403, 404)
  async get(@Param('id', cadreIdPipe) id: string, @CurrentReader() reader: Reader): Promise<CadreDto> {
    const cadre = await this.register.get(reader.actor, id);
    await this.accessLog.record(reader, 'cadre.read', { unitId: cadre.unitCode, query: { cadreId: id } });
    return cadre;
  }

  @Post('units/:code/cadres')
  @Access('manageRegister')
  @ApiOperation({ summary: "Add a person to a unit's register (a unit within your reach)" })
  @ApiCreatedResponse({ type: CadreDto })
  @ApiErrors(400, 403, 404, [409, 'The ref is on the register already'])
  add(
    @Param('code') code: string,
    @Body() body: CreateCadreDto,
    @CurrentActor() actor: Actor,
  ): Promise<CadreDto> {
    return this.register.add(actor, code, body);
  }

  @Patch('cadres/:id')
  @Access('manageRegister')
  @ApiOperation({
    summary:
      "Change a person's name, post, rank, department or status (the ref does not change); `left` records the date",
  })
  @ApiOkResponse({ type: CadreDto })
  @ApiErrors(400, 403, 404)
  update(
    @Param('id', cadreIdPipe) id: string,
    @Body() body: UpdateCadreDto,
    @CurrentActor() actor: Actor,
  ): Promise<CadreDto> {
    return this.register.update(actor, id, body);
  }

  @Delete('cadres/:id')
  @HttpCode(200)
  @Access('manageRegister')
  @ApiOperation({
    summary:
      'Mark a person as left (离任): they stay on record (a case may name them) with the date, and leave the active register',
  })
  @ApiOkResponse({ type: CadreDto })
  @ApiErrors(400, 403, 404)
  remove(@Param('id', cadreIdPipe) id: string, @CurrentActor() actor: Actor): Promise<CadreDto> {
    return this.register.update(actor, id, { status: 'left' });
  }

  @Post('units/:code/cadres/import')
  @Access('manageRegister')
  @AcceptsMultipart()
  @ApiOperation({
    summary:
      'Import people into a unit’s register from .xlsx or .csv, all or nothing: any refused row → 422 listing every refused row (row, column, value, reason), nothing written; `dryRun=true` checks and previews only',
    description:
      'multipart/form-data with one `file`. Headers in Chinese or English: 姓名/name and 人员编号 (or 身份标识)/ref are required; ' +
      '职务/post, 职级/rank, 所在部门/department (code or name of a department of the unit) are optional; other columns are ' +
      'ignored (listed in ignoredColumns). Rows are refused for an empty name or ref, a ref twice in the file or already ' +
      'on the register, an unknown department, or text too long. 201 with the count when imported; 200 on a dry run.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiCreatedResponse({ type: CadreImportResultDto, description: 'Imported' })
  @ApiOkResponse({ type: CadreImportResultDto, description: 'Dry run: every row is fine; nothing written' })
  @ApiErrors(
    400,
    403,
    404,
    409,
    [413, 'The file is larger than 5 MiB'],
    [415, 'Not multipart/form-data'],
    [
      422,
      'Rows refused (details.refused lists each: row, column, header, value, problem, reason); nothing written',
    ],
  )
  async import(
    @Param('code') code: string,
    @Query() query: ImportQueryDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CadreImportResultDto> {
    // The unit first: outside reach is 404 before the file is looked at.
    await this.register.unitInReach(actor, code);
    const { data, fileName } = await receiveFile(request);
    let sheet;
    try {
      sheet = await readRegisterFile(data, fileName);
    } catch (error) {
      if (error instanceof RegisterFileError) throw new BadRequestException(error.message);
      throw error;
    }
    const dryRun = query.dryRun === 'true';
    const result = await this.register.import(actor, code, sheet, dryRun);
    reply.status(dryRun ? 200 : 201);
    return result;
  }
}

/** The one file of the form, whole (register files are small). */
async function receiveFile(request: FastifyRequest): Promise<{ data: Buffer; fileName: string }> {
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeException('Send the file as multipart/form-data (field file)');
  }
  let found: { data: Buffer; fileName: string } | undefined;
  let tooLarge = false;
  try {
    for await (const part of request.parts({
      limits: { fileSize: MAX_REGISTER_FILE_BYTES + 1, files: 1, fields: 4, parts: 6 },
    })) {
      if (part.type === 'field') continue;
      const data = await part.toBuffer();
      if (part.file.truncated || data.length > MAX_REGISTER_FILE_BYTES) tooLarge = true;
      else if (part.fieldname === 'file') found = { data, fileName: part.filename ?? '' };
    }
  } catch (error) {
    throw new BadRequestException(`The form could not be read: ${(error as Error).message}`);
  }
  if (tooLarge)
    throw new PayloadTooLargeException(`The file is larger than ${MAX_REGISTER_FILE_BYTES} bytes`);
  if (!found) throw new BadRequestException('The form has no file (field file)');
  return found;
}

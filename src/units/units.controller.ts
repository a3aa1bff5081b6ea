import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import type { Actor } from '../engine/actor';
import type { UnitEntity } from '../engine/persistence/unit.entity';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { ApiErrors } from '../http/dto/error-body.dto';
import { CreateUnitDto, ProfileDto, UnitDto, UnitListDto } from './dto/unit.dto';

const view = (u: UnitEntity): UnitDto => ({
  code: u.code,
  name: u.name,
  shortName: u.shortName ?? null,
  parentCode: u.parentCode,
  path: u.path,
});

@ApiTags('units')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class UnitsController {
  constructor(private readonly jurisdiction: Jurisdiction) {}

  @Get('units')
  @Access('catalogue')
  @ApiOperation({ summary: 'The organisation tree, root first (unit names are not confidential)' })
  @ApiOkResponse({ type: UnitListDto })
  @ApiErrors(403)
  async list(): Promise<UnitListDto> {
    return { items: (await this.jurisdiction.list()).map(view) };
  }

  @Post('units')
  @Access('manageUnits')
  @ApiOperation({ summary: 'Add a unit under its parent, or a root (admin); units are never moved' })
  @ApiCreatedResponse({ type: UnitDto })
  @ApiErrors(400, 403, 409)
  async create(@Body() body: CreateUnitDto): Promise<UnitDto> {
    return view(await this.jurisdiction.create(body));
  }

  @Get('me')
  @Access('catalogue')
  @ApiOperation({ summary: 'Who the token says you are, and which units you reach' })
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrors(403)
  async me(@CurrentActor() actor: Actor): Promise<ProfileDto> {
    const reach = await this.jurisdiction.codes(await this.jurisdiction.reach(actor));
    return {
      sub: actor.sub,
      name: actor.name ?? actor.sub,
      roles: actor.roles,
      unit: actor.unit ?? null,
      reach,
    };
  }
}

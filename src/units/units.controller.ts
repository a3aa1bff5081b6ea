import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import type { Actor } from '../engine/actor';
import { EngineErrorCode, NotFoundError } from '../engine/errors';
import type { UnitEntity } from '../engine/persistence/unit.entity';
import { Jurisdiction, type Reach } from '../engine/units/jurisdiction';
import { ApiErrors } from '../http/dto/error-body.dto';
import { CadreLookup } from '../register/register.lookup';
import type { CadreRecord } from '../register/register.types';
import { CreateUnitDto, ProfileDto, UnitDto, UnitListDto, UpdateUnitDto } from './dto/unit.dto';

@ApiTags('units')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class UnitsController {
  constructor(
    private readonly jurisdiction: Jurisdiction,
    private readonly register: CadreLookup,
  ) {}

  @Get('units')
  @Access('catalogue')
  @ApiOperation({
    summary:
      'The organisation tree, root first, with each unit’s kind and each department’s leader (分管领导); unit names ' +
      'and leaders’ names and posts are not confidential (a leader’s ref only within your reach)',
  })
  @ApiOkResponse({ type: UnitListDto })
  @ApiErrors(403)
  async list(@CurrentActor() actor: Actor): Promise<UnitListDto> {
    return { items: await this.views(await this.jurisdiction.list(), actor) };
  }

  @Post('units')
  @Access('manageUnits')
  @ApiOperation({
    summary:
      'Add a unit under its parent, or a root (admin); units are never moved. A department lies under a committee ' +
      'or government unit (400 otherwise); its leaderRef must be on the parent’s register (422 otherwise)',
  })
  @ApiCreatedResponse({ type: UnitDto })
  @ApiErrors(400, 403, 409, [422, 'The leader is not an active cadre on the parent unit’s register'])
  async create(@Body() body: CreateUnitDto, @CurrentActor() actor: Actor): Promise<UnitDto> {
    const unit = await this.jurisdiction.create(body, (m, parent, ref) =>
      this.register.assertLeader(m, parent, ref),
    );
    return (await this.views([unit], actor))[0];
  }

  @Patch('units/:code')
  @Access('manageUnits')
  @ApiOperation({
    summary:
      "Name (or clear) a department's overseeing leader (分管领导), a cadre on the parent unit's register; nothing else of a unit changes",
  })
  @ApiOkResponse({ type: UnitDto })
  @ApiErrors(
    400,
    403,
    [404, 'No such unit within your reach'],
    [422, 'The leader is not an active cadre on the parent unit’s register'],
  )
  async update(
    @Param('code') code: string,
    @Body() body: UpdateUnitDto,
    @CurrentActor() actor: Actor,
  ): Promise<UnitDto> {
    // A unit outside the caller's reach is not theirs to change: 404, as one that does not exist.
    if (!(await this.jurisdiction.reaches(await this.jurisdiction.reach(actor), code))) {
      throw new NotFoundError(EngineErrorCode.UNIT_NOT_FOUND, `No unit ${code}`);
    }
    const unit = await this.jurisdiction.setLeader(code, body.leaderRef, (m, parent, ref) =>
      this.register.assertLeader(m, parent, ref),
    );
    return (await this.views([unit], actor))[0];
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

  private async views(units: UnitEntity[], actor: Actor): Promise<UnitDto[]> {
    const leaders = await this.register.leadersOf(units);
    const reach = await this.jurisdiction.reach(actor);
    return units.map((u) => view(u, leaders.get(u.code), reach));
  }
}

function view(u: UnitEntity, leader: CadreRecord | undefined, reach: Reach): UnitDto {
  const within =
    reach.kind === 'all' ||
    (reach.kind === 'subtree' && (u.code === reach.unit || u.path.startsWith(reach.path)));
  return {
    code: u.code,
    name: u.name,
    fullName: u.fullName,
    shortName: u.shortName ?? null,
    parentCode: u.parentCode,
    path: u.path,
    kind: u.kind,
    leader: leader
      ? {
          ref: within ? leader.ref : null,
          name: leader.name,
          post: leader.post,
          rank: leader.rank,
          status: leader.status,
        }
      : null,
  };
}

import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { DevTokenDto, DevUserDto } from './dto/dev-user.dto';
import { IsString, MaxLength } from 'class-validator';
import type { AppConfig } from '../config/app.config';
import { WORKFLOW_CATALOGUE } from '../engine/workflow.registry';
import type { Catalogue, DevUser } from '../engine/workflow.types';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { Public } from './auth.types';
import { TokenService } from './token.service';

export class DevLoginDto {
  @ApiProperty({ example: 'wang.fang' })
  @IsString()
  @MaxLength(200)
  sub: string;
}

/** Development sign-in: only when AUTH_DEV_LOGIN=true (off in production); otherwise both routes are 404. */
@ApiTags('auth')
@Controller('auth')
export class DevLoginController {
  private readonly enabled: boolean;
  private readonly devUsers: readonly DevUser[];

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly tokens: TokenService,
    @Inject(WORKFLOW_CATALOGUE) private readonly catalogue: Catalogue,
    private readonly jurisdiction: Jurisdiction,
  ) {
    this.enabled = config.get('AUTH_DEV_LOGIN', { infer: true });
    this.devUsers = catalogue.devUsers;
  }

  @Public()
  @Get('dev-users')
  @ApiOperation({ summary: 'Demo users for the development sign-in (404 unless AUTH_DEV_LOGIN=true)' })
  @ApiOkResponse({ type: [DevUserDto] })
  @ApiErrors([404, 'The development sign-in is off'])
  users(): readonly DevUser[] {
    this.ensureEnabled();
    return this.devUsers;
  }

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'A token for a demo user (404 unless AUTH_DEV_LOGIN=true)' })
  @ApiOkResponse({ type: DevTokenDto })
  @ApiErrors([400, 'No such demo user'], [404, 'The development sign-in is off'])
  async login(@Body() body: DevLoginDto): Promise<{ token: string }> {
    this.ensureEnabled();
    const user = this.devUsers.find((u) => u.sub === body.sub);
    if (!user) {
      throw new BadRequestException([
        `No demo user ${body.sub}: sub must be one of ${this.devUsers.map((u) => u.sub).join(', ')}`,
      ]);
    }
    // The demo users' units exist from their first sign-in on.
    await this.jurisdiction.ensure(this.catalogue.devUnits ?? []);
    return { token: await this.tokens.sign(user) };
  }

  private ensureEnabled(): void {
    if (!this.enabled) throw new NotFoundException('The development sign-in is off (AUTH_DEV_LOGIN=false)');
  }
}

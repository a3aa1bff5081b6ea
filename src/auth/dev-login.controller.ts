import { Body, Controller, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { AppConfig } from '../config/app.config';
import { EngineErrorCode, EngineException } from '../engine/engine.errors';
import type { Role } from '../engine/workflow.types';
import { Public } from './auth.types';
import { TokenService } from './token.service';

export interface DemoUser {
  sub: string;
  name: string;
  roles: Role[];
}

/** One demo user per role a person plays in the procedure (the web UI's development sign-in). */
export const DEMO_USERS: readonly DemoUser[] = [
  { sub: 'wang.fang', name: 'Wang Fang 王芳', roles: ['officer'] },
  { sub: 'li.qiang', name: 'Li Qiang 李强', roles: ['leader'] },
  { sub: 'zhao.min', name: 'Zhao Min 赵敏', roles: ['committee'] },
  { sub: 'chen.jing', name: 'Chen Jing 陈静', roles: ['supervisor'] },
  { sub: 'admin', name: 'Admin 管理员', roles: ['admin'] },
];

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

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly tokens: TokenService,
  ) {
    this.enabled = config.get('AUTH_DEV_LOGIN', { infer: true });
  }

  @Public()
  @Get('dev-users')
  @ApiOperation({ summary: 'Demo users for the development sign-in (404 unless AUTH_DEV_LOGIN=true)' })
  users(): readonly DemoUser[] {
    this.ensureEnabled();
    return DEMO_USERS;
  }

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'A token for a demo user (404 unless AUTH_DEV_LOGIN=true)' })
  async login(@Body() body: DevLoginDto): Promise<{ token: string }> {
    this.ensureEnabled();
    const user = DEMO_USERS.find((u) => u.sub === body.sub);
    if (!user) {
      throw new EngineException(EngineErrorCode.PAYLOAD_INVALID, `No demo user ${body.sub}`, {
        problems: [`sub must be one of ${DEMO_USERS.map((u) => u.sub).join(', ')}`],
      });
    }
    return { token: await this.tokens.sign({ sub: user.sub, name: user.name, roles: user.roles }) };
  }

  private ensureEnabled(): void {
    if (!this.enabled) throw new NotFoundException('The development sign-in is off (AUTH_DEV_LOGIN=false)');
  }
}

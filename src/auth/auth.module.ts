import { Global, Module } from '@nestjs/common';
import { DevLoginController } from './dev-login.controller';
import { TokenService } from './token.service';

/** Global: every capability's routes are guarded by the tokens it verifies. */
@Global()
@Module({ controllers: [DevLoginController], providers: [TokenService], exports: [TokenService] })
export class AuthModule {}

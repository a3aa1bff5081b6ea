import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RouteAccessCheck } from './route-access.check';
import { DevLoginController } from './dev-login.controller';
import { SessionController } from './session.controller';
import { TokenService } from './token.service';

/** Global: every capability's routes are guarded by the tokens it verifies. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [DevLoginController, SessionController],
  providers: [TokenService, RouteAccessCheck],
  exports: [TokenService],
})
export class AuthModule {}

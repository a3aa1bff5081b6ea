import { BadRequestException, Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { overTls } from '../deadlines/queue-board-cookie';
import { ApiErrors } from '../http/dto/error-body.dto';
import { Access, type AuthedRequest, Public } from './auth.types';
import { SESSION_COOKIE, sessionCookie, sessionCookieMaxAge } from './session-cookie';

/**
 * The workbench's session cookie, set and cleared by the service: the workbench calls POST at sign-in
 * (with the bearer token) and DELETE at sign-out. Every tab of the browser then reaches the API with
 * the cookie, so a deep link opened in a new tab needs no sign-in; page script never reads the cookie.
 */
@ApiTags('auth')
@Controller('auth/session')
export class SessionController {
  @Post()
  @HttpCode(204)
  @Access('catalogue')
  @ApiBearerAuth()
  @ApiOperation({
    summary: `Sets the session cookie (${SESSION_COOKIE}; HttpOnly, SameSite=Strict, Path=/api/v1) to the bearer token`,
    description:
      'The API then accepts the cookie in place of the Authorization header, for as long as the token lives ' +
      '(at most 12 hours; Secure over TLS). A change (POST …) signed in by the cookie must come from the ' +
      'service’s own origin (Origin or Referer) and carry the header X-Wenze-Client; otherwise 403.',
  })
  @ApiNoContentResponse({ description: 'The cookie is set (Set-Cookie)' })
  @ApiErrors(400, 401, 403)
  open(@Req() request: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    const credential = request.credential;
    if (credential?.via !== 'bearer') {
      throw new BadRequestException(
        'A session is opened with a bearer token (Authorization: Bearer <JWT>), not renewed from its cookie',
      );
    }
    const { exp } = decodeJwt(credential.token);
    void reply.header(
      'set-cookie',
      sessionCookie(credential.token, sessionCookieMaxAge(exp, Date.now()), overTls(request)),
    );
  }

  @Delete()
  @HttpCode(204)
  @Public()
  @ApiOperation({
    summary: 'Clears the session cookie (at sign-out; no token needed, as it may have expired)',
  })
  @ApiNoContentResponse({ description: 'The cookie is cleared (Set-Cookie with Max-Age=0)' })
  close(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', sessionCookie('', 0, overTls(request)));
  }
}

import { Controller, Delete, HttpCode, Module, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { Access, type AuthedRequest, Public } from '../auth/auth.types';
import { ApiErrors } from '../http/dto/error-body.dto';
import { boardCookieMaxAge, boardCookies, overTls, QUEUE_BOARD_COOKIE } from './queue-board-cookie';

/**
 * The queue board's cookie, set and cleared by the service: the workbench calls POST at sign-in for a
 * board user and DELETE at sign-out, so the token in the cookie is never readable by page script.
 */
@ApiTags('auth')
@Controller('auth/queue-board-session')
export class QueueBoardSessionController {
  @Post()
  @HttpCode(204)
  @Access('queueBoard')
  @ApiBearerAuth()
  @ApiOperation({
    summary: `Sets the queue board cookie (${QUEUE_BOARD_COOKIE}; HttpOnly, SameSite=Strict, Path=/admin/queues) to the bearer token`,
    description:
      'For a role the catalogue grants `queueBoard`. The cookie lives as long as the token, at most 8 hours; Secure over TLS.',
  })
  @ApiNoContentResponse({ description: 'The cookie is set (Set-Cookie)' })
  @ApiErrors(401, 403)
  open(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    // The guard verified this very token (from the header or the session cookie) before the handler runs.
    const token = (request as Partial<AuthedRequest>).credential!.token;
    const { exp } = decodeJwt(token);
    void reply.header(
      'set-cookie',
      boardCookies(token, boardCookieMaxAge(exp, Date.now()), overTls(request)),
    );
  }

  @Delete()
  @HttpCode(204)
  @Public()
  @ApiOperation({
    summary: 'Clears the queue board cookie (at sign-out; no token needed, as the token may have expired)',
  })
  @ApiNoContentResponse({ description: 'The cookie is cleared (Set-Cookie with Max-Age=0)' })
  close(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', boardCookies('', 0, overTls(request)));
  }
}

@Module({ controllers: [QueueBoardSessionController] })
export class QueueBoardSessionModule {}

import { Global, Module } from '@nestjs/common';
import { AccessLogController } from './access-log.controller';
import { AccessLogService } from './access-log.service';

/** The access log: global, because every module that answers reads of confidential records writes to it. */
@Global()
@Module({ controllers: [AccessLogController], providers: [AccessLogService], exports: [AccessLogService] })
export class AccessLogModule {}

import { Module } from '@nestjs/common';
import { IndicesController } from './indices.controller';
import { IndicesService } from './indices.service';

/** The per-unit, per-year indices the catalogue declares (GET /indices), their drill-down and export. */
@Module({ controllers: [IndicesController], providers: [IndicesService] })
export class IndicesModule {}

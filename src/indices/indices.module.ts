import { Module } from '@nestjs/common';
import { CaseTallyBuilder } from '../engine/tally/case-tally.builder';
import { IndicesController } from './indices.controller';
import { IndicesService } from './indices.service';

/** The per-unit, per-year indices the catalogue declares (GET /indices), their drill-down and export. */
@Module({ controllers: [IndicesController], providers: [IndicesService, CaseTallyBuilder] })
export class IndicesModule {}

import { Module } from '@nestjs/common';
import { UnitsController } from './units.controller';

/** The organisation tree over HTTP, and the caller's profile; the rules live in the engine's Jurisdiction. */
@Module({ controllers: [UnitsController] })
export class UnitsModule {}

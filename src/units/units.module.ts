import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { UnitsController } from './units.controller';

/** The organisation tree over HTTP, and the caller's profile; the rules live in the engine's Jurisdiction. */
@Module({ imports: [RegisterModule], controllers: [UnitsController] })
export class UnitsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CadreEntity } from './cadre.entity';
import { RegisterController } from './register.controller';
import { CadreLookup } from './register.lookup';
import { CadreRegisterService } from './register.service';

/**
 * The cadre register (干部名册) of each unit over HTTP, and CadreRegisterService for the modules that
 * need who is on a unit's record (case views, units' leaders, indices).
 */
@Module({
  imports: [TypeOrmModule.forFeature([CadreEntity])],
  controllers: [RegisterController],
  providers: [CadreRegisterService, CadreLookup],
  exports: [CadreRegisterService, CadreLookup],
})
export class RegisterModule {}

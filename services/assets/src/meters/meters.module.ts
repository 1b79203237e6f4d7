import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets';
import { MetersController } from './meters.controller';
import { MetersService } from './meters.service';
import { MeterRepository } from './meter.repository';
import { RecordReadings } from './use-cases/record-readings';

@Module({
  imports: [AssetsModule],
  controllers: [MetersController],
  providers: [MetersService, MeterRepository, RecordReadings],
  exports: [MetersService],
})
export class MetersModule {}

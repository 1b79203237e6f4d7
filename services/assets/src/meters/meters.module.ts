import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { MetersController } from './meters.controller';
import { MetersService } from './meters.service';
import { ReadingIngestor } from './reading-ingestor';

@Module({
  imports: [AssetsModule],
  controllers: [MetersController],
  providers: [MetersService, ReadingIngestor],
  exports: [MetersService],
})
export class MetersModule {}

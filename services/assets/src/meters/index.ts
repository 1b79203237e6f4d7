export { MetersModule } from './meters.module';
export { MetersService } from './meters.service';
export { Meter, MeterReading } from './meter.entity';

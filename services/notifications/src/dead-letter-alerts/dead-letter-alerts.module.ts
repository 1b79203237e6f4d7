import { Module, type DynamicModule } from '@nestjs/common';
import { CountDeadLetters } from './use-cases/count-dead-letters';
import { DEAD_LETTER_TOPICS, DeadLetterCheckJob } from './dead-letter-check.job';
import { DeadLetterWatermarkRepository } from './dead-letter-watermark.repository';

/** The operators' alerts on dead letters; the alerts module (with its notifier) is given by the app. */
@Module({})
export class DeadLetterAlertsModule {
  static register(alerts: DynamicModule, topics: readonly string[]): DynamicModule {
    return {
      module: DeadLetterAlertsModule,
      imports: [alerts],
      providers: [DeadLetterWatermarkRepository, CountDeadLetters, DeadLetterCheckJob, { provide: DEAD_LETTER_TOPICS, useValue: topics }],
    };
  }
}

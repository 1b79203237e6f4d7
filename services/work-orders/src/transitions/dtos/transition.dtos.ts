import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../../work-orders/work-order.model';

export class TransitionDto {
  @ApiProperty({ enum: WORK_ORDER_STATUSES, description: 'The status to move to' })
  @IsIn(WORK_ORDER_STATUSES)
  to!: WorkOrderStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required to put on hold, cancel or reopen' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

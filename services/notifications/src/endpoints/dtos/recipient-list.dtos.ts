import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageQuery, IsPresentNotNull } from '@mate/service-kit';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsString, Length } from 'class-validator';

export class CreateRecipientListDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: [String], description: 'e-mail addresses (1 to 100)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsEmail({}, { each: true, message: 'emails must hold e-mail addresses only' })
  emails!: string[];
}

export class UpdateRecipientListDto {
  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsEmail({}, { each: true, message: 'emails must hold e-mail addresses only' })
  emails?: string[];
}

export class ListRecipientListsQueryDto extends CursorPageQuery {}

export class RecipientListDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) emails!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class RecipientListPageDto {
  @ApiProperty({ type: [RecipientListDto] }) items!: RecipientListDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

import { ArrayMinSize, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { createValidationPipe } from './validation.pipe';
import { ProblemException } from './problem.exception';

class LineDto {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class OrderDto {
  @IsString()
  title!: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  @ArrayMinSize(1)
  lines!: LineDto[];
}

async function problemFor(body: unknown): Promise<ProblemException> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: OrderDto });
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a validation problem');
}

describe('createValidationPipe', () => {
  it('returns the DTO instance for a valid body', async () => {
    const value: unknown = await createValidationPipe().transform(
      { title: 'pump', lines: [{ quantity: 2 }] },
      { type: 'body', metatype: OrderDto },
    );
    expect(value).toBeInstanceOf(OrderDto);
  });

  it('names nested fields with dotted paths', async () => {
    const problem = (await problemFor({ title: 'pump', lines: [{ quantity: 0 }] })).problem;
    expect(problem.status).toBe(400);
    expect(problem.type).toBe('urn:mate:problem:validation');
    expect(problem.errors).toEqual([{ field: 'lines.0.quantity', message: 'quantity must not be less than 1' }]);
  });

  it('rejects and names unknown fields, also nested ones', async () => {
    const problem = (await problemFor({ title: 'pump', isAdmin: true, lines: [{ quantity: 1, price: 3 }] })).problem;
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', message: 'property isAdmin should not exist' },
        { field: 'lines.0.price', message: 'property price should not exist' },
      ]),
    );
  });

  it('never echoes the submitted value', async () => {
    const problem = await problemFor({ title: ['hunter2-secret'], lines: [] });
    expect(JSON.stringify(problem.problem)).not.toContain('hunter2');
  });
});

import { IsInt, IsString, Min, validate } from 'class-validator';
import { memoiseValidationMetadata } from './validation-metadata.memo';

memoiseValidationMetadata();

const problems = async (value: object) =>
  (await validate(value, { whitelist: true, forbidNonWhitelisted: true })).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );

class Person {
  @IsString()
  name!: string;
}

describe('class rules kept between validations', () => {
  it('validates as class-validator does: the same problems the second time as the first', async () => {
    const bad = Object.assign(new Person(), { name: 7, extra: true });
    const first = await problems(bad);
    expect(first).toEqual(['property extra should not exist', 'name must be a string']);
    expect(await problems(bad)).toEqual(first);
    expect(await problems(Object.assign(new Person(), { name: '王芳' }))).toEqual([]);
  });

  it('a class loaded after a validation inherits its parent’s rules', async () => {
    await problems(new Person());
    class Cadre extends Person {
      @IsInt()
      rank!: number;
    }
    expect(await problems(Object.assign(new Cadre(), { name: 1, rank: 'high' }))).toEqual([
      'rank must be an integer number',
      'name must be a string',
    ]);
  });

  it('a rule added to a class after it was validated applies from then on', async () => {
    class Limit {
      @IsInt()
      days!: number;
    }
    expect(await problems(Object.assign(new Limit(), { days: -3 }))).toEqual([]);
    Min(1)(Limit.prototype, 'days');
    expect(await problems(Object.assign(new Limit(), { days: -3 }))).toEqual([
      'days must not be less than 1',
    ]);
  });
});

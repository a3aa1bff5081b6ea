import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { Label } from './workflow.types';

/*
 * Field decorators for payload classes (open payloads, event payloads) whose published JSON schema
 * says exactly what the validator accepts. Workflows use them; so do the engine's common fields.
 */

type Schema = Record<string, unknown>;
type DecoratorSchema = Parameters<typeof JSONSchema>[0];

/** Adds to (object) or replaces (function) the schema class-validator-jsonschema derives for a property. */
export function publish(
  schema: Schema | ((derived: Schema, options: { refPointerPrefix: string }) => Schema),
) {
  return (target: object, key: string | symbol) => JSONSchema(schema as DecoratorSchema)(target, String(key));
}

/** Present means validated: unlike IsOptional, null is refused (the schema does not allow null either). */
export function Optional(): PropertyDecorator {
  return ValidateIf((_o: unknown, value: unknown) => value !== undefined);
}

/** One of `values`, published as `enum` with `x-enumLabels` ({ value: { zh, en } }) for forms. */
export function Labelled(values: readonly string[], labels: Record<string, Label>): PropertyDecorator {
  return (target, key) => {
    IsIn(values)(target, key);
    publish({ 'x-enumLabels': Object.fromEntries(values.map((v) => [v, labels[v]])) })(target, key);
  };
}

/**
 * At most `max` characters, counted as JSON Schema's maxLength counts them (code points).
 * class-validator's MaxLength counts differently (validator.js does not count U+FE0E/U+FE0F).
 */
export function MaxChars(max: number): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'maxChars',
      target: target.constructor,
      propertyName: String(key),
      constraints: [max],
      options: { message: `${String(key)} must be shorter than or equal to ${max} characters` },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && [...value].length <= max,
      },
    });
}

/** A string of `min` (default 1) to `max` characters, published as minLength/maxLength. */
export function TextField(max: number, min = 1): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    if (min > 0) IsNotEmpty()(target, key);
    MaxChars(max)(target, key);
    publish({ type: 'string', ...(min > 0 && { minLength: min }), maxLength: max })(target, key);
  };
}

/**
 * A date-time that must still be ahead when the request arrives (a due date that has passed cannot be
 * met): refused with 400 and a reason. Published with `x-future: true`, which says exactly that.
 */
export function FutureDateTimeField(): PropertyDecorator {
  return (target, key) => {
    DateTimeField()(target, key);
    registerDecorator({
      name: 'isInFuture',
      target: target.constructor,
      propertyName: String(key),
      options: { message: `${String(key)} must be in the future (a due date that has passed cannot be met)` },
      validator: {
        validate: (value: unknown) => !isDateTime(value) || Date.parse(value as string) > Date.now(),
      },
    });
    publish({
      type: 'string',
      format: 'date-time',
      pattern: DATE_TIME_PATTERN,
      description: 'Must be later than the time of the request',
      'x-future': true,
    })(target, key);
  };
}

/** A unit code: 1 to 64 letters, digits, dots and hyphens, starting with a letter or digit. */
export const UNIT_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$';

/**
 * Which units a unit code field takes, published as `x-unit` so that forms offer the units by name
 * (GET /units) instead of a box to type a code in: `kind`, only units of that kind; `scope`, `below`
 * the case's handling unit (as the workflow's `units()` checks) or any unit `other` than it (a transfer).
 */
export interface UnitChoice {
  kind?: string;
  scope?: 'below' | 'other';
}

/**
 * The code of a unit of the organisation tree (GET /units); that the unit exists is checked on use.
 * With `choice`, the schema says which units fit (`x-unit`); without, the field is published as it
 * always was (the schemas of deployed versions do not change).
 */
export function UnitCodeField(choice?: UnitChoice): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Matches(new RegExp(UNIT_CODE_PATTERN), {
      message: `${String(key)} must be a unit code: 1 to 64 letters, digits, dots and hyphens`,
    })(target, key);
    publish({
      type: 'string',
      pattern: UNIT_CODE_PATTERN,
      maxLength: 64,
      ...(choice && { 'x-unit': choice }),
    })(target, key);
  };
}

/**
 * An RFC 3339 date-time with an upper-case T and Z and seconds 00-59, a real calendar date: the
 * subset Date.parse reads the same everywhere. Published as `format: date-time` plus this pattern.
 */
export const DATE_TIME_PATTERN =
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$';
const DATE_TIME = new RegExp(DATE_TIME_PATTERN);

export function isDateTime(value: unknown): boolean {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return false;
  const [y, m, d] = [value.slice(0, 4), value.slice(5, 7), value.slice(8, 10)].map(Number);
  // The last day of month m of year y (setUTCFullYear: Date.UTC maps years 0–99 to 1900–1999).
  const last = new Date(0);
  last.setUTCFullYear(y, m, 0);
  return d <= last.getUTCDate() && !Number.isNaN(Date.parse(value));
}

export function DateTimeField(): PropertyDecorator {
  return (target, key) => {
    registerDecorator({
      name: 'isDateTime',
      target: target.constructor,
      propertyName: String(key),
      options: {
        message: `${String(key)} must be an RFC 3339 date-time such as 2025-03-10T10:00:00Z or 2025-03-10T18:00:00+08:00`,
      },
      validator: { validate: isDateTime },
    });
    publish({ type: 'string', format: 'date-time', pattern: DATE_TIME_PATTERN })(target, key);
  };
}

/** A nested object (not an array of them, which ValidateNested alone would also take). */
export function Nested(cls: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsObject()(target, key);
    ValidateNested()(target, key);
    Type(cls)(target, key);
  };
}

/** A list of `min` to `max` nested objects (not of arrays of them, which ValidateNested alone would take). */
export function NestedList(cls: () => new () => object, min: number, max: number): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    if (min > 0) ArrayMinSize(min)(target, key);
    ArrayMaxSize(max)(target, key);
    IsObject({ each: true })(target, key);
    ValidateNested({ each: true })(target, key);
    Type(cls)(target, key);
  };
}

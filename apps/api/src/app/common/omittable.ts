import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out, but not sent as null: unlike `@IsOptional()`, which lets null
 * through unvalidated, null meets the field's other validators and is refused naming the field.
 * (Let through, a null reached the index as a 500, was taken as "left out", or was stored.)
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

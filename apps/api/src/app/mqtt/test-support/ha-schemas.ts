import Ajv, { type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiscoveryComponent } from '../ha-discovery';

const schema = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, `${name}.schema.json`), 'utf8'));

/**
 * Checks a discovery payload against Home Assistant's documented schema of its component
 * (the JSON Schemas beside this file). Returns the problems, none when it is valid.
 */
export function haDiscoverySchemas(): (
  component: DiscoveryComponent,
  payload: unknown,
) => string[] {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // `not: {required: [a, b]}` (never both) names properties outside its own subschema.
    strictRequired: false,
    allowUnionTypes: true,
  });
  ajv.addSchema(schema('ha-mqtt-common'));
  const validators = {
    binary_sensor: ajv.compile(schema('ha-binary-sensor')),
    switch: ajv.compile(schema('ha-switch')),
    camera: ajv.compile(schema('ha-camera')),
  };
  return (component, payload) => {
    const validate = validators[component];
    if (validate(payload)) return [];
    return (validate.errors ?? []).map(describe);
  };
}

function describe(error: ErrorObject): string {
  const extra =
    error.keyword === 'additionalProperties' ? ` (${JSON.stringify(error.params)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

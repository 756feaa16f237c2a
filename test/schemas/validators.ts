/**
 * The published schemas (schemas/*.schema.json), compiled as an integrator would compile them:
 * plain ajv, nothing of the loader. `expectValidReport` is called wherever a test produces a
 * report, so every report of the suite is checked against report.schema.json.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import reportSchema from '../../schemas/report.schema.json';
import requestsSchema from '../../schemas/requests.schema.json';
import snapshotSchema from '../../schemas/snapshot.schema.json';

// `errorMessage` is VS Code's keyword for a schema's own message: an annotation for ajv.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false }).addKeyword('errorMessage');
const compiled = new Map<object, ValidateFunction>();

function validator(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** ajv's errors for `value` against `schema`, as `PATH MESSAGE` lines; [] when valid. */
function errorsOf(schema: object, value: unknown): string[] {
  const validate = validator(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

export const reportErrors = (report: unknown): string[] => errorsOf(reportSchema, report);
export const snapshotErrors = (snapshot: unknown): string[] => errorsOf(snapshotSchema, snapshot);
export const requestsErrors = (requests: unknown): string[] => errorsOf(requestsSchema, requests);

/** Fails the test when `report` does not validate against schemas/report.schema.json. */
export function expectValidReport<T>(report: T): T {
  expect(reportErrors(report)).toEqual([]);
  return report;
}

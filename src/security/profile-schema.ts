// The profile's JSON Schema (docs/profile.schema.json, versioned with the format) checked at run time with
// ajv, the most used JSON Schema validator for Node (well kept, draft-07, exact error paths): a malformed
// profile must fail closed, never be read as "allow everything".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

let validate: ValidateFunction | undefined;

/** docs/profile.schema.json of this installation, found upwards from this module (dist/ or build/src/). */
function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'docs', 'profile.schema.json');
}

/** `/executables/0/sockets` as `$.executables[0].sockets`. */
const jsonPath = (pointer: string): string =>
  `$${pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')}`;

function describe(e: ErrorObject): string {
  const at = jsonPath(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const field = (e.params as { additionalProperty: string }).additionalProperty;
    if (/^\/executables\/\d+\/syscalls$/.test(e.instancePath))
      return `${at}.${field}: syscalls for architecture "${field}" cannot be enforced (x86_64 and i386 only; the x32 ABI is always denied)`;
    return `${at}.${field}: unknown field`;
  }
  if (e.keyword === 'required')
    return `${at}.${(e.params as { missingProperty: string }).missingProperty}: missing`;
  if (e.keyword === 'const')
    return `${at}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  if (e.keyword === 'enum')
    return `${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${at}: ${e.message ?? 'invalid'}`;
}

/** The first fault of a parsed profile against the schema, as `$.path: what`, or undefined when it fits. */
export function schemaFault(doc: unknown): string | undefined {
  validate ??= new Ajv({ allErrors: false, strict: true }).compile(
    JSON.parse(readFileSync(schemaPath(), 'utf8')) as object,
  );
  if (validate(doc)) return undefined;
  const e = validate.errors?.[0];
  return e ? describe(e) : 'does not fit the profile schema';
}

/** A small JSON Schema checker for the keywords the chat notification schema uses. */
export interface Schema {
  type?: 'object' | 'array' | 'string';
  const?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minLength?: number;
  maxLength?: number;
}

/** Every violation of `schema` by `value`, as `path: problem`; empty when it matches. */
export function violations(value: unknown, schema: Schema, path = '$'): string[] {
  const problems: string[] = [];
  if (schema.const !== undefined && value !== schema.const)
    problems.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.type === 'string') {
    if (typeof value !== 'string') return [...problems, `${path}: expected a string`];
    if (schema.minLength !== undefined && value.length < schema.minLength)
      problems.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      problems.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (schema.type === 'array') {
    if (!Array.isArray(value)) return [...problems, `${path}: expected an array`];
    value.forEach((item, index) =>
      problems.push(...(schema.items ? violations(item, schema.items, `${path}[${index}]`) : [])),
    );
  }
  if (schema.type === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return [...problems, `${path}: expected an object`];
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) problems.push(`${path}.${key}: required`);
    for (const [key, inner] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) problems.push(...violations(inner, property, `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path}.${key}: not allowed`);
      else if (typeof schema.additionalProperties === 'object')
        problems.push(...violations(inner, schema.additionalProperties, `${path}.${key}`));
    }
  }
  return problems;
}

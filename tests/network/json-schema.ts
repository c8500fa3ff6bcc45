/**
 * A small JSON Schema (2020-12) validator for the keywords our payload schemas use (type,
 * const, enum, properties, required, additionalProperties, items, prefixItems, min/max
 * items, lengths, pattern, minimum/maximum, anyOf, oneOf, allOf). Enough to check that
 * what a publisher sends matches the files in docs/schema/, with no validator dependency.
 * Returns the paths and reasons of the first few mismatches ([] when valid).
 */
export type Schema = boolean | { [k: string]: unknown };

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeOk(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === "number" && actual === "integer");
}

export function validate(schema: Schema, v: unknown, path = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const s = schema as Record<string, unknown>;
  const errs: string[] = [];
  const sub = (k: Schema, x: unknown, p: string) => errs.push(...validate(k, x, p));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeOk(v, t)))
      return [`${path}: expected ${types.join("|")}, got ${typeOf(v)}`];
  }
  if ("const" in s && JSON.stringify(s.const) !== JSON.stringify(v))
    errs.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    errs.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
  if (typeof v === "string") {
    if (typeof s.maxLength === "number" && [...v].length > s.maxLength)
      errs.push(`${path}: too long`);
    if (typeof s.minLength === "number" && [...v].length < s.minLength)
      errs.push(`${path}: too short`);
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v))
      errs.push(`${path}: does not match ${s.pattern}`);
  }
  if (typeof v === "number") {
    if (typeof s.minimum === "number" && v < s.minimum) errs.push(`${path}: below ${s.minimum}`);
    if (typeof s.maximum === "number" && v > s.maximum) errs.push(`${path}: above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === "number" && v <= s.exclusiveMinimum)
      errs.push(`${path}: not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === "number" && v >= s.exclusiveMaximum)
      errs.push(`${path}: not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.maxItems === "number" && v.length > s.maxItems)
      errs.push(`${path}: more than ${s.maxItems} items`);
    if (typeof s.minItems === "number" && v.length < s.minItems)
      errs.push(`${path}: fewer than ${s.minItems} items`);
    const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as Schema[]) : [];
    v.forEach((x, i) => {
      if (i < prefix.length) sub(prefix[i]!, x, `${path}[${i}]`);
      else if (s.items !== undefined) sub(s.items as Schema, x, `${path}[${i}]`);
    });
  }
  if (typeOf(v) === "object") {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const k of (s.required as string[] | undefined) ?? [])
      if (!(k in o)) errs.push(`${path}.${k}: missing`);
    for (const [k, x] of Object.entries(o)) {
      if (k in props) sub(props[k]!, x, `${path}.${k}`);
      else if (s.additionalProperties !== undefined)
        sub(s.additionalProperties as Schema, x, `${path}.${k}`);
    }
  }
  const branches = (k: string) => (Array.isArray(s[k]) ? (s[k] as Schema[]) : null);
  const any = branches("anyOf");
  if (any && !any.some((b) => validate(b, v, path).length === 0))
    errs.push(`${path}: matches no anyOf branch`);
  const one = branches("oneOf");
  if (one && one.filter((b) => validate(b, v, path).length === 0).length !== 1)
    errs.push(
      `${path}: matches ${one.filter((b) => validate(b, v, path).length === 0).length} oneOf branches, not 1`,
    );
  for (const b of branches("allOf") ?? []) sub(b, v, path);
  return errs.slice(0, 5);
}

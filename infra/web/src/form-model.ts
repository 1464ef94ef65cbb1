// The shape of a command form, generated from the command's zod schema (the very schema
// the API validates with), through its JSON Schema: one source of truth for which fields
// exist, which are required, which are lists, and what kind of value each takes.
// No DOM here, so the model is tested under jest (test/web/forms.test.ts).
import { z } from 'zod';
import { COMMAND_SCHEMAS, type CommandType } from '../../../domain/grant/commands.js';

export type InputKind = 'money' | 'rate' | 'date' | 'text' | 'longtext' | 'int' | 'boolean';

export type FormNode =
  | { node: 'input'; name: string; input: InputKind; required: boolean }
  | { node: 'group'; name: string; required: boolean; children: FormNode[] }
  | { node: 'list'; name: string; required: boolean; minItems: number; item: FormNode }
  /** A record of whole numbers keyed by text (indicator targets per kind). */
  | { node: 'counts'; name: string; required: boolean }
  /** A discriminated union: the key's value picks which fields follow (GrantDecision's outcome). */
  | { node: 'choice'; name: string; variants: { value: string; children: FormNode[] }[] };

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  description?: string;
  examples?: unknown[];
  maxLength?: number;
  minItems?: number;
}

/**
 * Fields a person never types: the command type, and meta (the actor is the token's; the form makes
 * the command id).
 */
const NOT_TYPED = new Set(['type', 'meta']);

function inputKind(schema: JsonSchema): InputKind | undefined {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  // Amounts and rates are strings marked with their kind (domain/schema.ts).
  const kind = (schema as { 'x-kind'?: unknown })['x-kind'];
  if (kind === 'money' || kind === 'rate') return kind;
  if (types.includes('string') && types.includes('number'))
    return /\brate\b/.test(schema.description ?? '') ? 'rate' : 'money';
  if (types.includes('integer')) return 'int';
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('string')) {
    if (schema.examples?.some((e) => typeof e === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e)))
      return 'date';
    return (schema.maxLength ?? 0) > 1000 ? 'longtext' : 'text';
  }
  return undefined;
}

function nodeOf(name: string, schema: JsonSchema, required: boolean): FormNode {
  if (schema.type === 'array' && schema.items) {
    return {
      node: 'list',
      name,
      required,
      minItems: schema.minItems ?? 0,
      item: nodeOf('', schema.items, true),
    };
  }
  if (schema.type === 'object' && schema.properties)
    return { node: 'group', name, required, children: nodesOf(schema) };
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object')
    return { node: 'counts', name, required };
  const input = inputKind(schema);
  if (!input) throw new Error(`form: no input for field ${name} (${JSON.stringify(schema)})`);
  return { node: 'input', name, input, required };
}

function nodesOf(schema: JsonSchema): FormNode[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => !NOT_TYPED.has(name))
    .map(([name, property]) => nodeOf(name, property, required.has(name)));
}

/** The key whose constant differs between the variants of a union (not `type`). */
function discriminator(variants: JsonSchema[]): string {
  const first = variants[0]?.properties ?? {};
  const key = Object.keys(first).find(
    (k) =>
      k !== 'type' &&
      first[k]?.const !== undefined &&
      variants.every((v) => v.properties?.[k]?.const !== undefined),
  );
  if (!key) throw new Error('form: a union without a discriminating constant');
  return key;
}

export function commandJsonSchema(type: CommandType): JsonSchema {
  return z.toJSONSchema(COMMAND_SCHEMAS[type], {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
}

/** The fields of a command's form, in the schema's order. */
export function formModel(type: CommandType): FormNode[] {
  const schema = commandJsonSchema(type);
  const variants = schema.oneOf ?? schema.anyOf;
  if (!variants) return nodesOf(schema);
  // Fields every variant has are asked once; the choice shows the rest of the chosen one.
  const key = discriminator(variants);
  const perVariant = variants.map((v) => nodesOf(v).filter((n) => n.name !== key));
  const common = perVariant[0]!.filter((n) =>
    perVariant.every((fields) => fields.some((f) => f.name === n.name)),
  );
  const commonNames = new Set(common.map((n) => n.name));
  return [
    ...common,
    {
      node: 'choice',
      name: key,
      variants: variants.map((v, i) => ({
        value: String(v.properties![key]!.const),
        children: perVariant[i]!.filter((n) => !commonNames.has(n.name)),
      })),
    },
  ];
}

/** Every field path of a model, list items as `name.0`: what the labels must cover. */
export function fieldPaths(
  nodes: FormNode[],
  prefix: (string | number)[] = [],
): (string | number)[][] {
  return nodes.flatMap((n): (string | number)[][] => {
    const path = n.name === '' ? prefix : [...prefix, n.name];
    switch (n.node) {
      case 'input':
      case 'counts':
        return [path];
      case 'group':
        return [path, ...fieldPaths(n.children, path)];
      case 'list':
        return [path, ...fieldPaths([n.item], [...path, 0])];
      case 'choice':
        return [path, ...n.variants.flatMap((v) => fieldPaths(v.children, prefix))];
    }
  });
}

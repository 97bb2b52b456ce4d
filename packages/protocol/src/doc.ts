import * as v from 'valibot';

/**
 * A schema with its meaning attached (valibot's `description`): the README's protocol reference
 * is generated from the schemas, so a field's sentence lives next to its type, once.
 */
export function doc<S extends v.GenericSchema>(schema: S, text: string): v.SchemaWithPipe<readonly [S, v.DescriptionAction<v.InferOutput<S>, string>]> {
  return v.pipe(schema, v.description(text));
}

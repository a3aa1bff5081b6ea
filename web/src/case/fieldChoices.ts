import type { JsonSchema } from '../api/types';
import { SITUATIONS } from '../i18n/terms';
import type { FormObject } from './schema';

/**
 * What the client adds to a workflow's published schemas (the open form's and every event's): choices
 * for a field the server takes as free text (the accountability situations of 2019 Art 7, which the
 * server accepts as any string), by field name, wherever the field appears.
 */
const CHOICES: Record<string, Record<string, readonly string[]>> = {
  accountability: { situation: SITUATIONS },
};

/** The schema with the client's choices for its free-text fields. */
export function withChoices(schema: JsonSchema, workflow: string): JsonSchema {
  const choices = CHOICES[workflow];
  if (!choices || !schema.properties) return schema;
  const properties = { ...schema.properties };
  for (const [k, values] of Object.entries(choices)) {
    const p = properties[k];
    if (p && p.type === 'string' && !p.enum) properties[k] = { ...p, enum: [...values] };
  }
  return { ...schema, properties };
}

/**
 * Starting values of an event's form from what the case already holds: a text or choice field whose
 * name is a field of the case's context with a text the field accepts (e.g. the situation chosen when
 * the case was opened, for the report that names it again). The user may change them.
 */
export function fromContext(schema: JsonSchema, context: Record<string, unknown>): FormObject {
  const start: FormObject = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    const held = context[k];
    if (p.type !== 'string' || typeof held !== 'string' || held === '') continue;
    if (p.enum && !p.enum.map(String).includes(held)) continue;
    if (p.format) continue; // dates and the like are the event's own
    start[k] = held;
  }
  return start;
}

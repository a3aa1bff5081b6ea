import type { FastifyReply, FastifyRequest } from 'fastify';
import { parameterProblem, textProblem } from './forbidden-text';

/** Deeper than any payload we publish; deeper bodies are refused before they reach the validators. */
export const MAX_JSON_DEPTH = 32;

/**
 * Names no field of ours has, that class-transformer would silently drop (members of every plain
 * object, and `prototype`), so that an unknown `toString` or `prototype` would slip past "unknown property".
 */
const OBJECT_MEMBERS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * What is wrong with a parsed JSON body, or null: too deep, a key named like an object member, or text
 * (a value or a key) holding a character no text field accepts (forbidden-text.ts), named by its path.
 */
export function jsonProblem(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return textProblem(path || 'the body', value);
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const at = path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && OBJECT_MEMBERS.has(key)) return `property ${at} should not exist`;
    const badKey = textProblem(`the property name ${JSON.stringify(at)}`, key);
    if (badKey) return badKey;
    const problem = jsonProblem(child, at, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * A Fastify preValidation hook: 400 for bodies that are too deep or use object-member names as keys,
 * and for forbidden text (forbidden-text.ts) in the body, the query or the path parameters.
 */
export async function guardJsonBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const problem =
    parameterProblem(request.params) ?? parameterProblem(request.query) ?? jsonProblem(request.body);
  if (problem) {
    await reply
      .code(400)
      .send({ statusCode: 400, error: 'Bad Request', message: problem, code: 'PAYLOAD_INVALID' });
  }
}

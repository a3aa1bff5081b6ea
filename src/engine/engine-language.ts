/** The injection token of the deployment's language (a `Language`, see workflow.types.ts). */
export const ENGINE_LANGUAGE = Symbol('ENGINE_LANGUAGE');

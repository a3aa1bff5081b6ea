/*
 * Characters no text field of Wenze accepts, whatever the route: NUL (PostgreSQL cannot store it in
 * text, so SQLite and PostgreSQL would answer differently), the bidirectional embedding, override and
 * isolate controls (U+202A–U+202E, U+2066–U+2069), which make a name or a reason read differently from
 * what is stored ("invoice\u202Efdp.exe"), and lone surrogates (not Unicode text; not valid UTF-8).
 */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters refused
const FORBIDDEN = /[\u0000\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;

const NAMES: Record<number, string> = {
  0x0000: 'NUL',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

/** The rule, as the error messages and the documentation state it. */
export const FORBIDDEN_TEXT_RULE =
  'NUL, the bidirectional controls U+202A–U+202E and U+2066–U+2069, and lone surrogates are not accepted in text';

/** What is wrong with `text` (one of the forbidden characters, named), or null. */
export function forbiddenCharacter(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `${hex} (${NAMES[code] ?? 'a lone surrogate'})`;
}

/** The message for a field whose text holds a forbidden character, or null when it holds none. */
export function textProblem(field: string, text: string): string | null {
  const found = forbiddenCharacter(text);
  return found && `${field} contains ${found}: ${FORBIDDEN_TEXT_RULE}`;
}

/** The first forbidden text in the strings of a parsed query or path parameters, named by its parameter. */
export function parameterProblem(values: unknown): string | null {
  if (typeof values !== 'object' || values === null) return null;
  for (const [name, value] of Object.entries(values)) {
    for (const text of Array.isArray(value) ? value : [value]) {
      const problem = typeof text === 'string' ? textProblem(name, text) : null;
      if (problem) return problem;
    }
  }
  return null;
}

import { forbiddenCharacter, parameterProblem, textProblem } from './forbidden-text';

describe('forbidden text', () => {
  it.each([
    ['a\u0000b', 'U+0000 (NUL)'],
    ['\u202A', 'U+202A (left-to-right embedding)'],
    ['invoice\u202Efdp.exe', 'U+202E (right-to-left override)'],
    ['\u2066x', 'U+2066 (left-to-right isolate)'],
    ['x\u2069', 'U+2069 (pop directional isolate)'],
    ['x\ud800', 'U+D800 (a lone surrogate)'],
    ['\udfff y', 'U+DFFF (a lone surrogate)'],
    ['\udc00\ud800', 'U+DC00 (a lone surrogate)'],
  ])('%j holds %s', (text, found) => {
    expect(forbiddenCharacter(text)).toBe(found);
  });

  it.each([
    '县道塌方',
    '👩‍⚖️ 🀄 𠀀', // surrogate pairs are text
    'العربية \u200F\u200E', // right-to-left script and the marks are text
    'tab\tnew\nline\r',
    '\u2065\u202F\u206A', // next to the ranges, not in them
    '',
  ])('%j is text', (text) => {
    expect(forbiddenCharacter(text)).toBeNull();
  });

  it('names the field and the rule', () => {
    expect(textProblem('payload.reason', 'a\u202Eb')).toBe(
      'payload.reason contains U+202E (right-to-left override): NUL, the bidirectional controls U+202A–U+202E ' +
        'and U+2066–U+2069, and lone surrogates are not accepted in text',
    );
  });

  it('finds forbidden text in query values, repeated ones included', () => {
    expect(parameterProblem({ limit: '10', q: ['ok', 'x\u0000'] })).toMatch(/^q contains U\+0000/);
    expect(parameterProblem({ q: 'ok' })).toBeNull();
    expect(parameterProblem(undefined)).toBeNull();
  });
});

/** Rough text width at 12px: CJK characters are about twice as wide as Latin ones. */
export function textWidth(label: string): number {
  let w = 0;
  for (const ch of label) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 12.5 : 7;
  return w;
}

/** The label cut to fit `width` (at 12px), with an ellipsis when cut. */
export function fitText(label: string, width: number): string {
  if (textWidth(label) <= width) return label;
  const chars = [...label];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

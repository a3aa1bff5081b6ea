/*
 * Whether a lapse issues the 督办 notice by itself (issue 18, fix 8: rectification cannot stall), per
 * deployment: RECTIFICATION_AUTO_NOTICE and RESPONSIBILITY_LIST_AUTO_NOTICE, `true` (the default) or
 * `false`. Checked when the catalogue is loaded, so a wrong value stops the start with a message; read
 * again when a case opens, and recorded in the case: its machine follows the policy it opened under.
 */

export const RECTIFICATION_AUTO_NOTICE = 'RECTIFICATION_AUTO_NOTICE';
export const RESPONSIBILITY_LIST_AUTO_NOTICE = 'RESPONSIBILITY_LIST_AUTO_NOTICE';

/** The deployment's switch: true unless the variable says `false`; anything but true/false is refused. */
export function autoNotice(variable: string): boolean {
  const raw = process.env[variable]?.trim();
  if (raw === undefined || raw === '' || raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(
    `${variable} must be "true" or "false" (whether a lapse issues the 督办 notice by itself), not ${JSON.stringify(raw)}`,
  );
}

import type { Label } from '../src/engine/event.types';
import type { Language } from '../src/engine/workflow.types';

/**
 * The words a workflow writes into data (e.g. the title of a case it opens) in the deployment's
 * language (LANGUAGE): Chinese unless the deployment is English.
 */
export function inLanguage(language: Language | undefined, text: Label): string {
  return language === 'en' ? text.en : text.zh;
}

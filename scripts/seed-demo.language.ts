/**
 * The language of the demo data: the deployment's (LANGUAGE, read as the service reads it, Chinese
 * unless it is English). Every text the seed writes — titles, names of people and units, facts,
 * opinions, standards, reasons — is written in it alone; refs and codes are the same in both.
 */
import { validateConfig } from '../src/config/config.validate';
import { inLanguage } from '../workflows/language';

export const LANGUAGE = validateConfig(process.env).LANGUAGE;

/** The text in the deployment's language: `zh` unless the deployment is English. */
export const say = (zh: string, en: string): string => inLanguage(LANGUAGE, { zh, en });

// Command and field names in the language the person chose (field-names.ts holds them).
import type { CommandType } from '../../../domain/grant/commands.js';
import { BUTTON_NAMES, commandNameIn, fieldNameIn, outcomeNameIn } from './field-names.js';
import { language, t } from './i18n.js';

export const commandName = (type: CommandType): string => commandNameIn(language(), type);
export const fieldName = (type: string, path: readonly (string | number)[]): string | undefined =>
  fieldNameIn(language(), type, path);
export const outcomeName = (value: string): string => outcomeNameIn(language(), value);
/** The submit button's words: what it does (`Attestera`), else `Registrera`. */
export const buttonName = (type: CommandType): string => {
  const words = BUTTON_NAMES[type];
  return words ? words[language() === 'sv' ? 0 : 1] : t('submit');
};

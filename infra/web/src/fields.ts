// Command and field names in the language the person chose (field-names.ts holds them).
import type { CommandType } from '../../../domain/grant/commands.js';
import { commandNameIn, fieldNameIn, outcomeNameIn } from './field-names.js';
import { language } from './i18n.js';

export const commandName = (type: CommandType): string => commandNameIn(language(), type);
export const fieldName = (type: string, path: readonly (string | number)[]): string | undefined =>
  fieldNameIn(language(), type, path);
export const outcomeName = (value: string): string => outcomeNameIn(language(), value);

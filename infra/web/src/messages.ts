// The server's and the schemas' messages as the desk shows them: in Swedish when Swedish
// is chosen (the one table in infra/messages, shared with the CLI), and without the field
// path in front when the message sits beside that field.
import { explainIn } from '../../messages/sv.js';
import { eventNameIn, indicatorKindIn } from '../../messages/names.js';
import { language } from './i18n.js';

/** The message to show; `path` is where it will be shown (its prefix is dropped). */
export function explainError(code: string, message: string, path: string): string {
  return explainIn(language(), code, message, path);
}

/** An event type as people call it: `Utbetalning beordrad`, not `PaymentOrdered`. */
export const eventName = (type: string, data?: unknown): string =>
  eventNameIn(language(), type, data);

/** An indicator kind: `delrapport`, not `sub-report`. */
export const indicatorKind = (kind: string): string => indicatorKindIn(language(), kind);

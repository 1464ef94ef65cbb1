// The references the bank carries for us, derived from the ledger's own ids so that they
// are stable (the same payment always has the same EndToEndId, the same recovery the same
// OCR number) and need no counter or stored state.
import { createHash } from 'node:crypto';
import { luhnDigit } from './check-digits.js';

/** ISO 20022 Max35Text, in the character set Swedish banks pass through unchanged. */
const BANK_SAFE = /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/;

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest();

/**
 * The EndToEndId of a payment: `GRANT+PAYMENT` when that fits 35 bank-safe characters
 * (readable on the statement: `RUN/573/2022+adv-1`; ids never hold `+`, so it is
 * unambiguous), otherwise `GL-` and 32 hex digits of a SHA-256 of both ids.
 */
export function endToEndIdOf(grantId: string, paymentId: string): string {
  const readable = `${grantId}+${paymentId}`;
  if (readable.length <= 35 && BANK_SAFE.test(readable)) return readable;
  return `GL-${digest('payment', grantId, paymentId).toString('hex').slice(0, 32)}`;
}

/**
 * The OCR reference of a recovery, as Bankgirot's OCR numbers are written: 15 digits
 * taken from a SHA-256 of the grant and recovery ids, then a Luhn check digit (16 digits).
 * The payer writes it on the repayment; the statement brings it back in `CdtrRefInf/Ref`.
 */
export function ocrReferenceOf(grantId: string, recoveryId: string): string {
  const bytes = digest('recovery', grantId, recoveryId);
  const payload = (BigInt(`0x${bytes.subarray(0, 8).toString('hex')}`) % 10n ** 15n)
    .toString()
    .padStart(15, '0');
  return payload + luhnDigit(payload);
}

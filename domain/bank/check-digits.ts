// Check digits of Swedish and international account numbers and references: the Luhn
// (modulus 10) digit of bankgiro, plusgiro and OCR numbers, and IBAN's ISO 7064 mod 97-10.

/** The Luhn check digit for `digits` (the payload, without its check digit). */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    // Weights 2, 1, 2, 1, … from the rightmost payload digit.
    let d = Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether the last digit of `number` is the Luhn digit of the ones before it. */
export function hasLuhnDigit(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnDigit(number.slice(0, -1)) === number.slice(-1);
}

/** ISO 13616: the country code and check digits moved to the end, letters as 10..35, mod 97 = 1. */
export function ibanChecks(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

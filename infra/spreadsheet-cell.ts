// Spreadsheet safety (OWASP "CSV injection"): a cell that starts with = + - @, a tab or a
// carriage return is run as a formula by Excel, LibreOffice and Google Sheets
// (=HYPERLINK(…) sends data away, @SUM(…) and -2+3 compute). Such a cell gets a leading
// apostrophe, which spreadsheets show as text and do not display; plain numbers
// (-142779.00) stay numbers. Used by every CSV and XLSX export.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function spreadsheetCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

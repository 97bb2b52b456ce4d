/*
 * The CSV export (S-AN-1): RFC 4180 quoting, CRLF line ends, UTF-8 with a byte order mark (Excel
 * reads a file without one in the system's ANSI code page, and Cyrillic comes out garbled).
 *
 * The separator follows the language: a comma in English, a semicolon in Russian, where Excel's
 * list separator is the semicolon (the decimal separator being the comma) and a comma-separated
 * file opened with a double click lands in one column. The quoting rules are the same either way:
 * a field with a comma, a semicolon, a quote, CR or LF is quoted, its quotes doubled.
 */

/** U+FEFF, written first: Excel then reads the file as UTF-8. */
export const BOM = '\uFEFF';

export type CsvCell = string | number | null;

/** The characters a spreadsheet takes as the start of a formula (OWASP's "CSV injection"), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`)
 * gets a leading apostrophe, which spreadsheets show as text. Only text is guarded: our numbers
 * are never negative.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field: quoted when it holds a separator (either), a quote, CR or LF. */
export function csvField(cell: CsvCell, decimal: '.' | ','): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(cell).replace('.', decimal) : guardFormula(cell);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text (without the BOM), every line ending in CRLF. */
export function toCsv(rows: readonly (readonly CsvCell[])[], separator: ',' | ';'): string {
  const decimal = separator === ';' ? ',' : '.';
  return rows.map((row) => row.map((cell) => csvField(cell, decimal)).join(separator) + '\r\n').join('');
}

/** The file as the browser saves it: the BOM, then the text, as UTF-8. */
export function csvBlob(text: string): Blob {
  return new Blob([BOM, text], { type: 'text/csv;charset=utf-8' });
}

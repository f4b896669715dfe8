// Every list exports to CSV (U-4): UTF-8 with a byte-order mark so spreadsheet programs read
// the Chinese text, fields quoted when they hold a comma, a quote or a line break.
export interface CsvColumn<R> {
  title: string;
  value: (row: R) => string | number | boolean | null | undefined;
}

function cell(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<R>(columns: CsvColumn<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => cell(c.title)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function downloadCsv<R>(fileName: string, columns: CsvColumn<R>[], rows: readonly R[]): void {
  const blob = new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName.endsWith('.csv') ? fileName : `${fileName}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

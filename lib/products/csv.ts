/**
 * CSV as spreadsheets write it (RFC 4180): comma-separated, fields with a
 * comma, quote or line break in double quotes, quotes doubled. Cells keep
 * their spaces — the import reports a SKU with a stray space instead of
 * trimming it away.
 */
export interface CsvTable {
  header: string[];
  /** Each row with its 1-based line number in the file (the header is line 1). */
  rows: Array<{ line: number; cells: string[] }>;
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

export function parseCsv(text: string): CsvTable {
  const body = text.replace(/^\uFEFF/, "");
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endCell = () => {
    cells.push(cell);
    cell = "";
  };
  const endRecord = () => {
    endCell();
    // A blank line is no record.
    if (!(cells.length === 1 && cells[0] === "")) records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < body.length) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === "\n") line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cell !== "") throw new CsvSyntaxError(`Line ${line}: a quote in the middle of a field; put the whole field in quotes and double the quote.`, line);
      quoted = true;
      i++;
      continue;
    }
    if (ch === ",") {
      endCell();
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && body[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    cell += ch;
    i++;
  }
  if (quoted) throw new CsvSyntaxError(`Line ${recordLine}: a quoted field is not closed.`, recordLine);
  if (cell !== "" || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  return { header: head?.cells ?? [], rows };
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * Free text (a product name) for a spreadsheet: a leading =, +, -, @ or tab
 * would run as a formula when the file is opened, so it gets an apostrophe.
 * Never used on SKUs, which must come back unchanged on import.
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

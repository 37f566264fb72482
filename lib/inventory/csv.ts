import { CsvSyntaxError, parseCsv } from "@/lib/products/csv";
import { INVENTORY_CSV_COLUMNS, MAX_IMPORT_ROWS, MAX_QUANTITY } from "./schemas";

export type InventoryCsvField = "sku" | "location" | "quantity";

/** One data row of an inventory CSV as read, before the catalog is consulted. */
export interface InventoryCsvRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  sku: string;
  location: string;
  /** The parsed quantity; null when the cell is not a valid quantity (see `error`). */
  quantity: number | null;
  /** The first problem of the row, naming its column. */
  error: { field: InventoryCsvField; message: string } | null;
}

export type InventoryCsvRead = { ok: true; rows: InventoryCsvRow[] } | { ok: false; fileError: string };

const spaced = (v: string) => v !== v.trim();

function quantityError(cell: string): string | null {
  if (cell.trim() === "") return "The quantity cell is empty.";
  if (!/^-?\d+$/.test(cell.trim())) return `"${cell}" is not a whole number.`;
  const n = Number(cell.trim());
  if (n < 0) return `${cell.trim()} is negative: a quantity is 0 or more.`;
  if (n > MAX_QUANTITY) return `${cell.trim()} is more than ${MAX_QUANTITY.toLocaleString("en-US")}.`;
  return null;
}

/**
 * Reads an inventory CSV (`sku,location,quantity`; other columns ignored, so
 * an export imports back) and checks each row on its own: cells present, SKU
 * and location without stray spaces (they match exactly), the quantity a
 * whole number ≥ 0, and no SKU × location listed twice. Unknown SKUs and
 * locations are the service's to find (it has the database).
 */
export function readInventoryCsv(text: string): InventoryCsvRead {
  let table;
  try {
    table = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { ok: false, fileError: err.message };
    throw err;
  }
  const header = table.header.map((h) => h.trim().toLowerCase());
  const col = {
    sku: header.indexOf(INVENTORY_CSV_COLUMNS.sku),
    location: header.indexOf(INVENTORY_CSV_COLUMNS.location),
    quantity: header.indexOf(INVENTORY_CSV_COLUMNS.quantity),
  };
  const missing = (Object.keys(col) as InventoryCsvField[]).filter((k) => col[k] < 0);
  if (missing.length) return { ok: false, fileError: `The first line must name the columns sku, location and quantity (missing: ${missing.join(", ")}).` };
  if (table.rows.length === 0) return { ok: false, fileError: "The file has no rows below its header." };
  if (table.rows.length > MAX_IMPORT_ROWS) return { ok: false, fileError: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows: split it.` };

  const seen = new Map<string, number>();
  return {
    ok: true,
    rows: table.rows.map(({ line, cells }) => {
      const sku = cells[col.sku] ?? "";
      const location = cells[col.location] ?? "";
      const qtyCell = cells[col.quantity] ?? "";
      const qtyError = quantityError(qtyCell);
      const fail = (field: InventoryCsvField, message: string): InventoryCsvRow => ({ line, sku, location, quantity: qtyError ? null : Number(qtyCell.trim()), error: { field, message } });
      if (!sku) return fail("sku", "The sku cell is empty.");
      if (spaced(sku)) return fail("sku", `"${sku}" starts or ends with a space: SKUs match exactly, so fix the cell.`);
      if (!location) return fail("location", "The location cell is empty.");
      if (spaced(location)) return fail("location", `"${location}" starts or ends with a space: location codes match exactly.`);
      if (qtyError) return fail("quantity", qtyError);
      const key = `${sku}\u0000${location}`;
      const first = seen.get(key);
      if (first !== undefined) return fail("sku", `${sku} at ${location} is listed twice (also on line ${first}): keep one row.`);
      seen.set(key, line);
      return { line, sku, location, quantity: Number(qtyCell.trim()), error: null };
    }),
  };
}

import { z } from "zod";
import { LABELS } from "@/lib/order-settings/schemas";

/** The hub never holds more than this per SKU × location (an int column; a typo of extra zeros is refused). */
export const MAX_QUANTITY = 10_000_000;

/** The columns of the inventory CSV: import reads these three; export writes them first, then read-only extras. */
export const INVENTORY_CSV_COLUMNS = { sku: "sku", location: "location", quantity: "quantity" } as const;
export const INVENTORY_CSV_EXTRA_COLUMNS = ["on_hand", "source", "updated_at", "pushed_to_tiktok_at", "pushed_to_acumatica_at"] as const;
export const MAX_IMPORT_ROWS = 20_000;

/** A quantity typed by a person: a whole number, 0 or more (text, so the browser and the server read it alike). */
export const quantityText = z
  .string()
  .trim()
  .min(1, "Enter a quantity")
  .regex(/^-?\d+$/, "The quantity must be a whole number, e.g. 12")
  .refine((v) => !v.startsWith("-"), "The quantity cannot be negative")
  .transform(Number)
  .pipe(z.number().max(MAX_QUANTITY, `The quantity is at most ${MAX_QUANTITY.toLocaleString("en-US")}`));

/** Inventory → a row's quantity (push mode only: the hub is the source). */
export const editInventorySchema = z.object({
  productId: z.string().uuid("Pick a product"),
  locationId: z.string().uuid("Pick a location"),
  quantity: quantityText,
});
export type EditInventoryInput = z.output<typeof editInventorySchema>;

export const inventoryImportSchema = z.object({
  csv: z.string().min(1, "Choose a CSV file, or paste its content").max(5_000_000, "The file is larger than 5 MB: split it"),
});
export type InventoryImportInput = z.infer<typeof inventoryImportSchema>;

export const startInventoryResyncSchema = z.object({});

export type InventoryDirection = "off" | "pull" | "push";

/** Why quantities cannot be changed here, per direction (null: they can). */
export function inventoryReadOnlyReason(direction: InventoryDirection): string | null {
  if (direction === "push") return null;
  if (direction === "pull") {
    return `Acumatica is the source: ${LABELS.inventory} is set to ${LABELS.inventoryPull}, so quantities come from Acumatica and are changed there.`;
  }
  return `${LABELS.inventory} is off: nothing syncs, and quantities are changed here only with ${LABELS.inventoryPush}.`;
}

/** sync_runs.flow of a Force inventory resync (the engine's job writes its counts into that row). */
export const INVENTORY_RESYNC_FLOW = "acumatica.resync-inventory";

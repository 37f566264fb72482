"use server";

import { defineAction } from "@/lib/actions/safe-action";
import { editInventorySchema, inventoryImportSchema, startInventoryResyncSchema } from "./schemas";
import { applyInventoryImport, editInventoryLevel, previewInventoryImport, requestInventoryResync } from "./service";

const edit = defineAction({ schema: editInventorySchema, permission: "connectors:write" }, editInventoryLevel);
const preview = defineAction({ schema: inventoryImportSchema, permission: "connectors:write" }, previewInventoryImport);
const apply = defineAction({ schema: inventoryImportSchema, permission: "connectors:write" }, applyInventoryImport);
const resync = defineAction({ schema: startInventoryResyncSchema, permission: "connectors:write" }, (db, ctx) => requestInventoryResync(db, ctx));

/** Inventory → a row's quantity (push mode). */
export async function editInventoryLevelAction(input: unknown) {
  return edit(input);
}

/** Inventory → Import CSV: what the file would change, row by row (nothing is written). */
export async function previewInventoryImportAction(input: unknown) {
  return preview(input);
}

/** Inventory → Import CSV → Import: the whole file, or nothing when a row is wrong. */
export async function applyInventoryImportAction(input: unknown) {
  return apply(input);
}

/** Force inventory resync. */
export async function startInventoryResyncAction(input: unknown) {
  return resync(input ?? {});
}

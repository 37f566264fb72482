"use server";

import { defineAction } from "@/lib/actions/safe-action";
import { channelSkuImportSchema, listingDefaultsSchema, pushListingsSchema, saveChannelSkuSchema, startCatalogResyncSchema } from "./schemas";
import { applyChannelSkuImport, previewChannelSkuImport, pushListingsNow, saveChannelSku, saveListingDefaults, startCatalogResync } from "./service";

const save = defineAction({ schema: saveChannelSkuSchema, permission: "connectors:write" }, saveChannelSku);
const preview = defineAction({ schema: channelSkuImportSchema, permission: "connectors:write" }, previewChannelSkuImport);
const apply = defineAction({ schema: channelSkuImportSchema, permission: "connectors:write" }, applyChannelSkuImport);
const resync = defineAction({ schema: startCatalogResyncSchema, permission: "connectors:write" }, (db, ctx) => startCatalogResync(db, ctx));
const push = defineAction({ schema: pushListingsSchema, permission: "connectors:write" }, pushListingsNow);
const defaults = defineAction({ schema: listingDefaultsSchema, permission: "connectors:write" }, saveListingDefaults);

/** Channel Options → Acumatica row → Channel SKU. */
export async function saveChannelSkuAction(input: unknown) {
  return save(input);
}

/** Products → Import Channel SKUs: what the file would change, row by row (nothing is written). */
export async function previewChannelSkuImportAction(input: unknown) {
  return preview(input);
}

/** Products → Import Channel SKUs → Import: the whole file, or nothing when a row is wrong. */
export async function applyChannelSkuImportAction(input: unknown) {
  return apply(input);
}

/** Force product catalog resync. */
export async function startCatalogResyncAction(input: unknown) {
  return resync(input ?? {});
}

/** Push now: one product's TikTok listing, or a shop's whole catalog (US and UK shops only). */
export async function pushListingsNowAction(input: unknown) {
  return push(input);
}

/** The TikTok category for new listings of a shop. */
export async function saveListingDefaultsAction(input: unknown) {
  return defaults(input);
}

"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { refreshShippingOptions } from "./shipping-options";
import { saveCarriersSchema, saveCatalogSchema, saveCustomerSchema, saveMappingSchema, saveOrderTypesSchema, saveSyncSchema, saveTaxSchema } from "./schemas";
import { saveOrderSettingsSection } from "./service";

const customer = defineAction({ schema: saveCustomerSchema, permission: "connectors:write" }, (db, ctx, input) => saveOrderSettingsSection(db, ctx, "customer", input));
const mapping = defineAction({ schema: saveMappingSchema, permission: "connectors:write" }, (db, ctx, input) => saveOrderSettingsSection(db, ctx, "mapping", input));
const orderTypes = defineAction({ schema: saveOrderTypesSchema, permission: "connectors:write" }, (db, ctx, input) => saveOrderSettingsSection(db, ctx, "orderTypes", input));
const sync = defineAction({ schema: saveSyncSchema, permission: "connectors:write" }, (db, ctx, input) => saveOrderSettingsSection(db, ctx, "sync", input));
const catalog = defineAction({ schema: saveCatalogSchema, permission: "connectors:write" }, (db, ctx, input) => saveOrderSettingsSection(db, ctx, "catalog", input));
const carriers = defineAction({ schema: saveCarriersSchema, permission: "connectors:write" }, (db, ctx, input) => saveOrderSettingsSection(db, ctx, "carriers", input));
const tax = defineAction({ schema: saveTaxSchema, permission: "connectors:write" }, (db, ctx, input) => saveOrderSettingsSection(db, ctx, "tax", input));

/** Step 4: customer matching strategy and the Generic Customer Id (checked against Acumatica). */
export async function saveCustomerSettingsAction(input: unknown) {
  return customer(input);
}
/** Step 6: TikTok shipping options → Acumatica ship vias, and the payment method. */
export async function saveOrderMappingAction(input: unknown) {
  return mapping(input);
}
/** Step 7: default, per-channel (channel:orderType) and refund order types. */
export async function saveOrderTypesAction(input: unknown) {
  return orderTypes(input);
}
/** Step 8 (order part): the sync toggles and the source scope. */
export async function saveOrderSyncSettingsAction(input: unknown) {
  return sync(input);
}
/** How TikTok's tax and fees are placed on the sales order. */
export async function saveTaxSettingsAction(input: unknown) {
  return tax(input);
}

const refresh = defineAction({ schema: z.object({}).optional(), permission: "connectors:write" }, (db, ctx) => refreshShippingOptions(db, ctx));

/** Reads each shop's delivery options from TikTok Shop, so options no order used yet can be mapped too. */
export async function refreshShippingOptionsAction() {
  return refresh({});
}

/** Step 8, catalog and fulfillment: product, shipping-request and fulfillment pulls, inventory and locations direction, SKU scoping. */
export async function saveCatalogSettingsAction(input: unknown) {
  return catalog(input);
}
/** Acumatica ship via → TikTok Shop shipping provider, for one shop. */
export async function saveCarrierMappingAction(input: unknown) {
  return carriers(input);
}

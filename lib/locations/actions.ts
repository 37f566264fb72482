"use server";

import { defineAction } from "@/lib/actions/safe-action";
import { addLocationSchema, saveWarehouseMappingSchema } from "./schemas";
import { addLocation, saveWarehouseMapping } from "./service";

const add = defineAction({ schema: addLocationSchema, permission: "connectors:write" }, addLocation);
const mapping = defineAction({ schema: saveWarehouseMappingSchema, permission: "connectors:write" }, saveWarehouseMapping);

/** Locations → Add location (Push locations to Acumatica). */
export async function addLocationAction(input: unknown) {
  return add(input);
}

/** Locations → a TikTok shop's warehouses → hub locations. */
export async function saveWarehouseMappingAction(input: unknown) {
  return mapping(input);
}

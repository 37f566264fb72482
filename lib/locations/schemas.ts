import { z } from "zod";
import { LABELS } from "@/lib/order-settings/schemas";

/** An Acumatica WarehouseID: 1–10 letters, digits, - or _. */
export const LOCATION_CODE = /^[A-Za-z0-9_-]{1,10}$/;

export const addLocationSchema = z.object({
  code: z
    .string()
    .min(1, "Enter the code: the Acumatica Warehouse ID, e.g. MAIN")
    .max(10, "The code is at most 10 characters (an Acumatica Warehouse ID)")
    .regex(LOCATION_CODE, "The code takes letters, digits, - and _ only (no spaces)"),
  name: z.string().trim().max(60, "The name is at most 60 characters"),
});
export type AddLocationInput = z.output<typeof addLocationSchema>;

/** One TikTok shop's warehouses → hub locations (an empty value unmaps the warehouse). */
export const saveWarehouseMappingSchema = z.object({
  connectionId: z.string().uuid(),
  mapping: z.record(z.string().min(1), z.union([z.string().uuid("Pick a location"), z.literal("")])),
});
export type SaveWarehouseMappingInput = z.output<typeof saveWarehouseMappingSchema>;

export type LocationsDirection = "off" | "pull" | "push";

/** Why locations cannot be added here, per direction (null: they can). */
export function locationsReadOnlyReason(direction: LocationsDirection): string | null {
  if (direction === "push") return null;
  if (direction === "pull") return `Acumatica is the source: ${LABELS.locations} is set to ${LABELS.locationsPull}, so warehouses are added in Acumatica and come in from there.`;
  return `${LABELS.locations} is off: locations are added here only with ${LABELS.locationsPush}.`;
}

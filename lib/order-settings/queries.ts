import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { parseStoredSettings } from "@/lib/connections/stored-settings";
import type { OrderSettings } from "./schemas";
import { orderSettingsSchema } from "./schemas";
import { listShippingOptions } from "./shipping-options";

export const ORDER_SETTINGS_SCREEN = "Connectors → Acumatica";

/** The workspace's order settings (defaults when nothing is saved yet), parsed; a bad stored value is an AppError naming it. */
export async function getOrderSettings(db: DbOrTx, workspaceId: string): Promise<{ settings: OrderSettings; connectionId: string | null }> {
  const [row] = await db
    .select({ id: connections.id, settings: connections.settings })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, "")));
  return { settings: parseStoredSettings(orderSettingsSchema, row?.settings.orders ?? {}, ORDER_SETTINGS_SCREEN), connectionId: row?.id ?? null };
}

/** Channels an order-type entry may name: `tiktok` (every TikTok shop) or a connected shop's code. */
export async function listOrderChannels(db: DbOrTx, workspaceId: string): Promise<Array<{ channel: string; label: string; connectionId: string | null }>> {
  const shops = await db
    .select({ id: connections.id, displayName: connections.displayName, settings: connections.settings, status: connections.status })
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop")));
  return [
    { channel: "tiktok", label: "TikTok Shop (every shop)", connectionId: null },
    ...shops
      .map((s) => ({ code: typeof s.settings.shopCode === "string" ? s.settings.shopCode : "", s }))
      .filter(({ code }) => code)
      .map(({ code, s }) => ({ channel: code, label: `${s.displayName} (${code})`, connectionId: s.id })),
  ];
}

/** What the order settings sections render: the settings, the mapping rows, the channels and sources to pick from. */
export async function getOrderSettingsView(db: DbOrTx, workspaceId: string) {
  const [{ settings }, shippingOptions, channels, shops, acumatica] = await Promise.all([
    getOrderSettings(db, workspaceId),
    listShippingOptions(db, workspaceId),
    listOrderChannels(db, workspaceId),
    db
      .select({ id: connections.id, name: connections.displayName, status: connections.status })
      .from(connections)
      .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "tiktok_shop"))),
    db
      .select({ status: connections.status })
      .from(connections)
      .where(and(eq(connections.workspaceId, workspaceId), eq(connections.provider, "acumatica"), eq(connections.externalId, ""))),
  ]);
  return { settings, shippingOptions, channels, shops, acumaticaConnected: acumatica[0]?.status === "connected" };
}

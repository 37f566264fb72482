import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { writeAudit } from "@/lib/workspaces/service";
import { getAcumaticaClient } from "@/lib/connections/clients";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import { afterOrderSettingsSaved } from "@/lib/sync/acumatica/recheck";
import { getOrderSettings, listOrderChannels, ORDER_SETTINGS_SCREEN } from "./queries";
import type { OrderSettings, OrderSettingsSection } from "./schemas";
import {
  ORDER_TYPE_ENTRY,
  orderSettingsSchema,
  saveCarriersSchema,
  saveCatalogSchema,
  saveCustomerSchema,
  saveMappingSchema,
  saveOrderTypesSchema,
  saveSyncSchema,
  saveTaxSchema,
} from "./schemas";

type FieldErrors = Record<string, string[]>;
export interface SaveResult {
  /** What could not be checked against Acumatica (not connected, no list to check against). */
  warnings: string[];
}

/** The Acumatica client when connected, else null (settings are still saved; the checks run at push time). */
async function clientOrNull(db: Db, workspaceId: string) {
  try {
    return await getAcumaticaClient(db, workspaceId);
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

const NOT_CONNECTED = "Acumatica is not connected, so this was not checked against your instance yet; it is checked on every push.";

function fail(fieldErrors: FieldErrors): never {
  throw new AppError("validation", "Some settings need attention.", fieldErrors, ORDER_SETTINGS_SCREEN);
}

/** Runs an Acumatica lookup; a connector failure becomes a warning rather than blocking the save. */
async function lookup<T>(warnings: string[], what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AcumaticaError)) throw err;
    warnings.push(`${what} could not be checked against Acumatica (${err.message}).`);
    return undefined;
  }
}

async function checkCustomer(db: Db, ctx: RequestContext, input: z.output<typeof saveCustomerSchema>, warnings: string[]) {
  const client = await clientOrNull(db, ctx.workspaceId);
  if (!client) return void warnings.push(NOT_CONNECTED);
  const customer = await lookup(warnings, "The customer", () => client.customers.get(input.genericCustomerId));
  if (customer === undefined) return;
  if (!customer) fail({ genericCustomerId: [`No customer ${input.genericCustomerId} exists in Acumatica. Enter the Customer ID of the customer you created for TikTok Shop orders.`] });
  if (customer.CustomerID !== input.genericCustomerId) {
    fail({ genericCustomerId: [`Acumatica spells this customer ${customer.CustomerID}. Enter it exactly so.`] });
  }
  if (customer.Status !== "Active") {
    fail({ genericCustomerId: [`Customer ${customer.CustomerID} is ${customer.Status ?? "not active"} in Acumatica; orders for it would be refused or held. Activate it or pick an active customer.`] });
  }
}

async function checkMapping(db: Db, ctx: RequestContext, input: z.output<typeof saveMappingSchema>, warnings: string[]) {
  const client = await clientOrNull(db, ctx.workspaceId);
  if (!client) return void warnings.push(NOT_CONNECTED);
  const errors: FieldErrors = {};
  const shipVias = await lookup(warnings, "Ship vias", () => client.shipVias.list());
  if (shipVias) {
    const known = new Set(shipVias.map((v) => v.CarrierID));
    for (const [option, carrier] of Object.entries(input.shipVia)) {
      if (carrier && !known.has(carrier)) errors[`shipVia.${option}`] = [`${carrier} is not a Ship Via in Acumatica. Pick one from the list.`];
    }
  }
  if (input.paymentMethod) {
    const methods = await lookup(warnings, "Payment methods", () => client.paymentMethods.list());
    const method = methods?.find((m) => m.PaymentMethodID === input.paymentMethod);
    if (methods && !method) errors.paymentMethod = [`${input.paymentMethod} is not a payment method in Acumatica. Create it (e.g. TTS) or pick one from the list.`];
    else if (method && (method.Active === false || method.UseInAR === false)) {
      errors.paymentMethod = [`Payment method ${input.paymentMethod} is inactive or not used in Accounts Receivable in Acumatica.`];
    }
  }
  if (Object.keys(errors).length) fail(errors);
}

async function checkOrderTypes(db: Db, ctx: RequestContext, input: z.output<typeof saveOrderTypesSchema>, warnings: string[]) {
  const errors: FieldErrors = {};
  const channels = new Set((await listOrderChannels(db, ctx.workspaceId)).map((c) => c.channel.toLowerCase()));
  const seen = new Map<string, number>();
  input.entries.forEach((entry, i) => {
    const m = ORDER_TYPE_ENTRY.exec(entry);
    if (!m) return void (errors[`entries.${i}`] = ["Write the entry as channel:orderType, e.g. tiktok:TS"]);
    const channel = m[1]!.toLowerCase();
    if (!channels.has(channel)) errors[`entries.${i}`] = [`${m[1]} is not a channel here: use tiktok (every TikTok shop) or a connected shop's code.`];
    else if (seen.has(channel)) errors[`entries.${i}`] = [`${m[1]} already has an order type (entry ${seen.get(channel)! + 1}); keep one entry per channel.`];
    seen.set(channel, seen.get(channel) ?? i);
  });
  if (input.useChannelOrderTypes && input.entries.length === 0) errors.entries = ["Add at least one channel:orderType entry, or turn the option off."];
  if (Object.keys(errors).length) fail(errors);
  // The Default endpoint has no order-type list to check against: a type Acumatica does not know is refused at the
  // first push with "'Order Type' cannot be found", which becomes an "Order type missing" exception linking here.
  const client = await clientOrNull(db, ctx.workspaceId);
  if (!client) return void warnings.push(NOT_CONNECTED);
  const types = [input.defaultOrderType, input.refundOrderType, ...input.entries.map((e) => e.split(":")[1]!.toUpperCase())];
  const recent = await lookup(warnings, "Order types", () => client.salesOrders.list({ select: ["OrderType", "OrderNbr"], top: 500 }));
  if (!recent) return;
  const known = new Set(recent.map((o) => o.OrderType ?? ""));
  const unseen = [...new Set(types.filter((t) => !known.has(t)))];
  if (unseen.length) {
    warnings.push(
      `${unseen.join(", ")}: no order of this type was found in Acumatica yet, so its existence is confirmed by the first push (a refusal shows as an "Order type missing" exception).`,
    );
  }
}

async function checkSync(db: Db, ctx: RequestContext, input: z.output<typeof saveSyncSchema>) {
  const shops = await db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.provider, "tiktok_shop")));
  const known = new Set(shops.map((s) => s.id));
  const unknown = input.sources.filter((s) => !known.has(s));
  if (unknown.length) fail({ sources: ["A selected order source is not a TikTok shop of this workspace. Reload the page."] });
  if (input.limitToSources && input.sources.length === 0) fail({ sources: ["Pick at least one order source, or turn the option off."] });
}

async function checkTax(db: Db, ctx: RequestContext, input: z.output<typeof saveTaxSchema>, warnings: string[]) {
  const client = await clientOrNull(db, ctx.workspaceId);
  if (!client) return void warnings.push(NOT_CONNECTED);
  const errors: FieldErrors = {};
  const zone = await lookup(warnings, "The tax zone", () => client.taxZones.get(input.taxZoneId));
  if (zone === null) errors.taxZoneId = [`No tax zone ${input.taxZoneId} exists in Acumatica.`];
  for (const field of ["facilitatorTaxId", "sellerTaxId", "retailDeliveryFeeTaxId"] as const) {
    const tax = await lookup(warnings, `Tax ${input[field]}`, () => client.taxes.get(input[field]));
    if (tax === null) errors[field] = [`No tax ${input[field]} exists in Acumatica.`];
  }
  if (Object.keys(errors).length) fail(errors);
}

async function checkCatalog(_db: Db, _ctx: RequestContext, input: z.output<typeof saveCatalogSchema>) {
  const seen = new Set<string>();
  const errors: FieldErrors = {};
  (input.excludedSkus ?? []).forEach((sku, i) => {
    if (seen.has(sku)) errors[`excludedSkus.${i}`] = [`${sku} is listed twice.`];
    seen.add(sku);
  });
  if (Object.keys(errors).length) fail(errors);
}

async function checkCarriers(db: Db, ctx: RequestContext, input: z.output<typeof saveCarriersSchema>) {
  const [shop] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.id, input.connectionId), eq(connections.provider, "tiktok_shop")));
  if (!shop) fail({ connectionId: ["That TikTok shop is not connected to this workspace."] });
}

const SECTIONS = {
  customer: { schema: saveCustomerSchema, check: checkCustomer },
  mapping: { schema: saveMappingSchema, check: checkMapping },
  orderTypes: { schema: saveOrderTypesSchema, check: checkOrderTypes },
  sync: { schema: saveSyncSchema, check: (db: Db, ctx: RequestContext, input: z.output<typeof saveSyncSchema>) => checkSync(db, ctx, input) },
  tax: { schema: saveTaxSchema, check: checkTax },
  catalog: { schema: saveCatalogSchema, check: checkCatalog },
  carriers: { schema: saveCarriersSchema, check: checkCarriers },
} as const;

/** The settings after saving one section's input (most sections replace their fields; carriers are per shop). */
function applySection(before: OrderSettings, section: OrderSettingsSection, input: unknown): OrderSettings {
  if (section === "carriers") {
    const { connectionId, providers } = input as z.output<typeof saveCarriersSchema>;
    const cleaned = Object.fromEntries(Object.entries(providers).filter(([, v]) => v));
    return orderSettingsSchema.parse({ ...before, carriers: { ...before.carriers, [connectionId]: cleaned } });
  }
  // Fields a form does not send keep their value.
  const defined = Object.fromEntries(Object.entries(input as object).filter(([, v]) => v !== undefined));
  return orderSettingsSchema.parse({ ...before, [section]: { ...before[section], ...defined } });
}

/**
 * Saves one section of the order settings: checks it against the connected
 * instance, writes it with an audit row (before → after), and lets the engine
 * retry what the change may have fixed (in the same transaction).
 */
export async function saveOrderSettingsSection<S extends OrderSettingsSection>(
  db: Db,
  ctx: RequestContext,
  section: S,
  input: z.output<(typeof SECTIONS)[S]["schema"]>,
): Promise<SaveResult> {
  assertCan(ctx, "connectors:write");
  const warnings: string[] = [];
  await (SECTIONS[section].check as (db: Db, ctx: RequestContext, input: unknown, warnings: string[]) => Promise<void>)(db, ctx, input, warnings);
  const { connectionId } = await getOrderSettings(db, ctx.workspaceId);
  await withJobTransaction(db, async (jobTx) => {
    const tx = jobTx.db;
    const [row] = connectionId
      ? await tx.select().from(connections).where(and(eq(connections.id, connectionId), eq(connections.workspaceId, ctx.workspaceId))).for("update")
      : await tx
          .insert(connections)
          .values({ workspaceId: ctx.workspaceId, provider: "acumatica", externalId: "", displayName: "" })
          .onConflictDoUpdate({ target: [connections.workspaceId, connections.provider, connections.externalId], set: { updatedAt: sql`now()` } })
          .returning();
    const before: OrderSettings = orderSettingsSchema.parse(row!.settings.orders ?? {});
    const after: OrderSettings = applySection(before, section, input);
    await tx
      .update(connections)
      .set({ settings: sql`jsonb_set(${connections.settings}, '{orders}', ${JSON.stringify(after)}::jsonb)`, updatedAt: sql`now()` })
      .where(eq(connections.id, row!.id));
    await writeAudit(tx, ctx, `settings.acumatica.orders.${section}`, row!.id, { before: before[section], after: after[section] });
    await afterOrderSettingsSaved(jobTx, ctx.workspaceId, section, before, after);
  });
  return { warnings };
}

export { SECTIONS as ORDER_SETTINGS_FORMS };

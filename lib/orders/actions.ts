"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { env } from "@/lib/env";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { explainOrder, previewOrder } from "@/lib/sync/acumatica/explain";
import { retryOrder } from "@/lib/sync/exceptions/service-actions";

const orderInput = z.object({ orderId: z.string().uuid() });

const preview = defineAction({ schema: orderInput, permission: "data:read" }, (db, ctx, input) =>
  previewOrder({ db, transaction: (fn) => withJobTransaction(db, fn), settleMs: env().ACUMATICA_SETTLE_SECONDS * 1000 }, ctx.workspaceId, input.orderId),
);
const explain = defineAction({ schema: orderInput, permission: "data:read" }, (db, ctx, input) => explainOrder(db, ctx.workspaceId, input.orderId, env().ACUMATICA_SETTLE_SECONDS * 1000));
const retry = defineAction({ schema: orderInput, permission: "connectors:write" }, (db, ctx, input) => retryOrder(db, ctx, input.orderId));
const test = defineAction({ schema: orderInput, permission: "connectors:write" }, (db, ctx, input) => retryOrder(db, ctx, input.orderId, { test: true }));

/** The exact Acumatica sales order that would be sent, and what would block it; sends nothing. */
export async function previewOrderAction(input: unknown) {
  return preview(input);
}
/** "Why isn't this order in Acumatica?" */
export async function explainOrderAction(input: unknown) {
  return explain(input);
}
export async function retryOrderAction(input: unknown) {
  return retry(input);
}
/** Send as test order: pushes this one order even while Push orders to Acumatica is off. */
export async function sendTestOrderAction(input: unknown) {
  return test(input);
}

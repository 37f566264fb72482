import type { Db } from "@/lib/db/client";
import { getAcumaticaClient } from "@/lib/connections/clients";
import { explainAcumaticaError } from "@/lib/connections/acumatica-connect";
import { AcumaticaError } from "@/lib/connectors/acumatica/errors";
import { AppError } from "@/lib/errors";

export interface AcumaticaLookups {
  connected: boolean;
  message: string | null;
  shipVias: Array<{ id: string; description: string }>;
  paymentMethods: Array<{ id: string; description: string }>;
}

/** The instance's live lists for the mapping pickers (ship vias, active AR payment methods). */
export async function getAcumaticaLookups(db: Db, workspaceId: string): Promise<AcumaticaLookups> {
  try {
    const client = await getAcumaticaClient(db, workspaceId);
    const [shipVias, methods] = await Promise.all([client.shipVias.list(), client.paymentMethods.list()]);
    return {
      connected: true,
      message: null,
      shipVias: shipVias.filter((v) => v.CarrierID).map((v) => ({ id: v.CarrierID!, description: v.Description ?? "" })),
      paymentMethods: methods.filter((m) => m.PaymentMethodID && m.Active !== false && m.UseInAR !== false).map((m) => ({ id: m.PaymentMethodID!, description: m.Description ?? "" })),
    };
  } catch (err) {
    if (err instanceof AppError) return { connected: false, message: err.message, shipVias: [], paymentMethods: [] };
    if (err instanceof AcumaticaError) return { connected: true, message: explainAcumaticaError(err), shipVias: [], paymentMethods: [] };
    throw err;
  }
}

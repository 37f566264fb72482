import type { EntityBehaviour, SaveContext } from "./behaviour";
import type { Rec } from "./entity-json";
import type { FieldError } from "./rules";
import { cannotBeEmpty, lines, notFound, num, str } from "./rules";
import { findByKeys, newId } from "./store";

/**
 * Taxes on sales orders. The sandbox has no tax engine: an order carries taxes only when the
 * client supplies them and tells Acumatica they are final ("Create a Sales Order with Tax
 * Parameters Overridden": `IsTaxValid: true` or `DisableAutomaticTaxCalculation: true` plus
 * `TaxDetails`). Otherwise the engine recalculates to nothing and TaxTotal is 0.
 */

/** SOTaxTran.LineNbr of a document-level tax (Acumatica stores int.MaxValue there). */
const DOCUMENT_LEVEL_LINE = 2147483647;

const round2 = (n: number) => Math.round(n * 100) / 100;

export const TAX: EntityBehaviour = {
  keys: ["TaxID"],
  displayName: "Tax",
  modifiedFields: ["LastModifiedDateTime"],
  readOnly: ["CreatedDateTime", "LastModifiedDateTime"],
  prepare({ store, isNew }, rec) {
    if (!str(rec.TaxID)) return [{ path: ["TaxID"], message: cannotBeEmpty("Tax ID") }];
    if (isNew) {
      rec.TaxType ??= "Sales";
      rec.CreatedDateTime = store.now();
    }
    return [];
  },
};

export const TAX_ZONE: EntityBehaviour = {
  keys: ["TaxZoneID"],
  displayName: "Tax Zone",
  modifiedFields: ["LastModifiedDateTime"],
  readOnly: ["CreatedDateTime", "LastModifiedDateTime"],
  prepare({ store, request, isNew }, rec) {
    if (!str(rec.TaxZoneID)) return [{ path: ["TaxZoneID"], message: cannotBeEmpty("Tax Zone ID") }];
    const errors: FieldError[] = [];
    (request.details.get("ApplicableTaxes") ?? []).forEach((line, i) => {
      const taxId = str(line.values.get("TaxID"));
      if (!line.delete && line.values.has("TaxID") && !findByKeys(store, "Tax", { TaxID: taxId })) errors.push({ path: ["ApplicableTaxes", i, "TaxID"], message: notFound("Tax ID") });
    });
    if (isNew) rec.CreatedDateTime = store.now();
    return errors;
  },
};

/**
 * Tax zone and tax lines of an order being saved: validates what the request sent, keeps
 * overridden taxes, drops the rest. Totals are computed by `taxTotalOf` once amounts are known.
 */
export function prepareOrderTaxes({ store, request }: SaveContext, order: Rec, customer: Rec | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const fin = (order.FinancialSettings && typeof order.FinancialSettings === "object" ? order.FinancialSettings : { id: newId() }) as Rec;
  order.FinancialSettings = fin;
  fin.OverrideTaxZone ??= false;
  // Without the override flag the zone defaults from the customer and a sent value is not kept (like ship-to fields).
  if (fin.OverrideTaxZone !== true) fin.CustomerTaxZone = customer?.TaxZone ?? null;
  else if (str(fin.CustomerTaxZone)) {
    const zone = findByKeys(store, "TaxZone", { TaxZoneID: fin.CustomerTaxZone });
    if (!zone) errors.push({ path: ["FinancialSettings", "CustomerTaxZone"], message: notFound("Customer Tax Zone") });
    else fin.CustomerTaxZone = zone.TaxZoneID;
  }

  (request.details.get("TaxDetails") ?? []).forEach((line, i) => {
    if (line.delete || (line.id && !line.values.has("TaxID"))) return;
    const taxId = str(line.values.get("TaxID"));
    if (!taxId) errors.push({ path: ["TaxDetails", i, "TaxID"], message: cannotBeEmpty("Tax ID") });
    else if (!findByKeys(store, "Tax", { TaxID: taxId })) errors.push({ path: ["TaxDetails", i, "TaxID"], message: notFound("Tax ID") });
  });

  order.IsTaxValid ??= false;
  order.DisableAutomaticTaxCalculation ??= false;
  const overridden = order.IsTaxValid === true || order.DisableAutomaticTaxCalculation === true;
  if (!overridden) {
    order.TaxDetails = [];
    return errors;
  }
  const taxLines = lines(order, "TaxDetails");
  let recordId = Math.max(0, ...taxLines.map((t) => num(t.RecordID)));
  for (const t of taxLines) {
    const tax = findByKeys(store, "Tax", { TaxID: t.TaxID });
    t.TaxID = tax?.TaxID ?? t.TaxID;
    t.TaxType = tax?.TaxType ?? t.TaxType ?? null;
    t.OrderType = order.OrderType;
    t.OrderNbr = order.OrderNbr;
    t.LineNbr ??= DOCUMENT_LEVEL_LINE;
    if (t.RecordID === undefined || t.RecordID === null) t.RecordID = ++recordId;
    t.CustomerTaxZone = fin.CustomerTaxZone ?? null;
    t.TaxAmount ??= 0;
    t.IncludeInVATExemptTotal ??= false;
    t.PendingVAT ??= false;
    t.ReverseVAT ??= false;
    t.StatisticalVAT ??= false;
  }
  return errors;
}

/** Σ TaxAmount of the order's tax lines; fills a missing taxable amount / rate from the document. */
export function taxTotalOf(order: Rec, taxableBase: number): number {
  let total = 0;
  for (const t of lines(order, "TaxDetails")) {
    if (t.TaxableAmount === undefined || t.TaxableAmount === null) t.TaxableAmount = round2(taxableBase);
    const taxable = num(t.TaxableAmount);
    if (t.TaxRate === undefined || t.TaxRate === null) t.TaxRate = taxable > 0 ? Math.round((num(t.TaxAmount) / taxable) * 100 * 1e4) / 1e4 : 0;
    total += num(t.TaxAmount);
  }
  return round2(total);
}

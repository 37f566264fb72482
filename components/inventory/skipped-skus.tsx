import { formatDateTime } from "@/components/orders/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { InventorySkip } from "@/lib/inventory/queries";
import { SkuText } from "./sku-text";

/** SKUs the inventory sync left out, with the reason (not matched, excluded, unknown in Acumatica…). */
export function SkippedSkus({ skips }: { skips: InventorySkip[] }) {
  if (skips.length === 0) return <p className="text-sm text-muted-foreground">No SKU was skipped by the inventory sync.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table aria-label="Skipped SKUs">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>SKU</TableHead>
            <TableHead>Reason</TableHead>
            <TableHead>When</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {skips.map((s) => (
            <TableRow key={`${s.sku}:${s.reason}`} data-testid="skipped-sku">
              <TableCell>
                <SkuText sku={s.sku} />
              </TableCell>
              <TableCell className="min-w-[12rem] whitespace-normal">
                {s.reason}
                {s.detail && <span className="block text-muted-foreground">{s.detail}</span>}
              </TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(s.at)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

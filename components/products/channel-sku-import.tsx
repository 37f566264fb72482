"use client";

import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { CsvImport } from "@/components/ui/csv-import";
import { TableCell } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { applyChannelSkuImportAction, previewChannelSkuImportAction } from "@/lib/products/actions";

const CHANGE_LABELS: Record<string, string> = { set: "Set", clear: "Clear (send the master SKU)", unchanged: "No change", merge: "Set (joins the Acumatica product)" };

/**
 * Channel SKUs from a CSV file (columns sku, acumatica_channel_sku): a preview
 * of every row's change or problem first; Import applies the whole file in one
 * go, and only when no row has a problem (the catalog changed since the
 * preview: the rows are shown as they stand now).
 */
export function ChannelSkuImport() {
  const router = useRouter();
  return (
    <CsvImport
      preview={previewChannelSkuImportAction}
      apply={applyChannelSkuImportAction}
      onApplied={(res) => {
        toast.success(`Imported ${res.applied} Channel SKU change${res.applied === 1 ? "" : "s"}.${res.retried ? ` ${res.retried} held-back order(s) sent again.` : ""}`);
        router.push("/products");
      }}
      placeholder={"sku,acumatica_channel_sku\nCAP-NAVY,CAP-NVY"}
      summary={(p) =>
        `${p.counts.rows} rows: ${p.counts.changes} change${p.counts.changes === 1 ? "" : "s"}${
          p.counts.errors > 0 ? `, ${p.counts.errors} with a problem — fix them in the file; nothing is imported while any row has one.` : "."
        }`
      }
      columns={["Line", "SKU", "Channel SKU now", "In the file", "Result"]}
      cells={(r) => (
        <>
          <TableCell className="tabular-nums">{r.line}</TableCell>
          <TableCell className="font-mono whitespace-pre">{r.sku}</TableCell>
          <TableCell className="font-mono">{r.before ?? "—"}</TableCell>
          <TableCell className="font-mono whitespace-pre">{r.after ?? "—"}</TableCell>
          <TableCell>
            {r.error ? (
              <span className="text-destructive">{r.error}</span>
            ) : (
              <Badge variant={r.change === "unchanged" ? "outline" : "secondary"}>{CHANGE_LABELS[r.change ?? ""] ?? r.change}</Badge>
            )}
          </TableCell>
        </>
      )}
    />
  );
}

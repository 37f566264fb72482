"use client";

import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { CsvImport } from "@/components/ui/csv-import";
import { TableCell } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { applyInventoryImportAction, previewInventoryImportAction } from "@/lib/inventory/actions";
import { SkuText } from "./sku-text";

/**
 * Quantities from a CSV file (sku,location,quantity): a preview of every
 * row's change (now → in the file) or its problem, naming the line and the
 * column; Import applies the whole file in one go, only when no row has one.
 */
export function InventoryImport() {
  const router = useRouter();
  return (
    <CsvImport
      preview={previewInventoryImportAction}
      apply={applyInventoryImportAction}
      onApplied={(res) => {
        toast.success(`Imported ${res.applied} quantit${res.applied === 1 ? "y" : "ies"}.`);
        router.push("/inventory");
      }}
      placeholder={"sku,location,quantity\nCAP-NAVY,MAIN,12"}
      columns={["Line", "SKU", "Location", "Now → in the file", "Result"]}
      cells={(r) => (
        <>
          <TableCell className="tabular-nums">{r.line}</TableCell>
          <TableCell>
            <SkuText sku={r.sku} />
          </TableCell>
          <TableCell className="font-mono whitespace-pre">{r.location}</TableCell>
          <TableCell className="whitespace-nowrap tabular-nums">{r.error ? "—" : `${r.before ?? "none"} → ${r.after ?? "—"}`}</TableCell>
          <TableCell className="min-w-[14rem] whitespace-normal">
            {r.error ? (
              <span className="text-destructive">
                Line {r.line}, {r.error.field}: {r.error.message}
              </span>
            ) : (
              <Badge variant={r.change === "unchanged" ? "outline" : "secondary"}>{r.change === "unchanged" ? "No change" : "Set"}</Badge>
            )}
          </TableCell>
        </>
      )}
    />
  );
}

"use client";

import { FileUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { applyInventoryImportAction, previewInventoryImportAction } from "@/lib/inventory/actions";
import type { InventoryImportPreview } from "@/lib/inventory/service";
import { SkuText } from "./sku-text";

/**
 * Quantities from a CSV file (sku,location,quantity): a preview of every
 * row's change (now → in the file) or its problem, naming the line and the
 * column; Import applies the whole file in one go, only when no row has one.
 */
export function InventoryImport() {
  const router = useRouter();
  const fileId = useId();
  const textId = useId();
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<InventoryImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);

  const load = async (file: File | undefined) => {
    if (!file) return;
    setCsv(await file.text());
    setPreview(null);
  };
  const runPreview = async () => {
    setError(null);
    setBusy("preview");
    const res = await previewInventoryImportAction({ csv });
    setBusy(null);
    if (!res.ok) return setError(res.error.fieldErrors?.csv?.join(" ") ?? res.error.message);
    setPreview(res.data);
  };
  const runImport = async () => {
    setError(null);
    setBusy("import");
    const res = await applyInventoryImportAction({ csv });
    setBusy(null);
    if (!res.ok) {
      setError(res.error.fieldErrors?.csv?.join(" ") ?? res.error.message);
      const again = await previewInventoryImportAction({ csv });
      if (again.ok) setPreview(again.data);
      return;
    }
    toast.success(`Imported ${res.data.applied} quantit${res.data.applied === 1 ? "y" : "ies"}.`);
    router.push("/inventory");
  };
  const canImport = !!preview && !preview.fileError && preview.counts.errors === 0 && preview.counts.changes > 0;

  return (
    <div className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor={fileId}>CSV file</Label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => void load(e.target.files?.[0])}
          className="max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-card file:px-3 file:py-1.5 file:text-sm"
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor={textId}>Or paste its content</Label>
        <Textarea
          id={textId}
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value);
            setPreview(null);
          }}
          rows={8}
          spellCheck={false}
          className="font-mono text-[0.8125rem]"
          placeholder={"sku,location,quantity\nCAP-NAVY,MAIN,12"}
        />
      </div>
      {error && <FormMessage message={{ kind: "error", text: error }} />}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" onClick={runPreview} disabled={!csv || busy !== null}>
          Preview
        </Button>
        <Button type="button" onClick={runImport} disabled={!canImport || busy !== null}>
          <FileUp aria-hidden />
          Import{preview && canImport ? ` ${preview.counts.changes} change${preview.counts.changes === 1 ? "" : "s"}` : ""}
        </Button>
      </div>
      {preview?.fileError && <Alert variant="destructive">{preview.fileError}</Alert>}
      {preview && !preview.fileError && (
        <div className="grid gap-2" data-testid="import-preview">
          <p className="text-sm" aria-live="polite">
            {preview.counts.rows} rows:{" "}
            {preview.counts.errors > 0
              ? `${preview.counts.errors} with a problem — fix them in the file; nothing is imported while any row has one.`
              : `${preview.counts.changes} change${preview.counts.changes === 1 ? "" : "s"}.`}
          </p>
          <div className="overflow-x-auto rounded-lg border">
            <Table aria-label="Import preview">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Line</TableHead>
                  <TableHead>SKU</TableHead>
                  <TableHead>Location</TableHead>
                  <TableHead>Now → in the file</TableHead>
                  <TableHead>Result</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {preview.rows.map((r) => (
                  <TableRow key={r.line} data-testid="import-row" data-error={r.error ? "true" : undefined}>
                    <TableCell className="tabular-nums">{r.line}</TableCell>
                    <TableCell>
                      <SkuText sku={r.sku} />
                    </TableCell>
                    <TableCell className="font-mono whitespace-pre">{r.location}</TableCell>
                    <TableCell className="whitespace-nowrap tabular-nums">
                      {r.error ? "—" : `${r.before ?? "none"} → ${r.after ?? "—"}`}
                    </TableCell>
                    <TableCell className="min-w-[14rem] whitespace-normal">
                      {r.error ? (
                        <span className="text-destructive">
                          Line {r.line}, {r.error.field}: {r.error.message}
                        </span>
                      ) : (
                        <Badge variant={r.change === "unchanged" ? "outline" : "secondary"}>{r.change === "unchanged" ? "No change" : "Set"}</Badge>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
    </div>
  );
}

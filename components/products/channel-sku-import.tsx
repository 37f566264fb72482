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
import { applyChannelSkuImportAction, previewChannelSkuImportAction } from "@/lib/products/actions";
import type { ChannelSkuImportPreview } from "@/lib/products/service";

const CHANGE_LABELS: Record<string, string> = { set: "Set", clear: "Clear (send the master SKU)", unchanged: "No change", merge: "Set (joins the Acumatica product)" };

/**
 * Channel SKUs from a CSV file (columns sku, acumatica_channel_sku): a preview
 * of every row's change or problem first; Import applies the whole file in one
 * go, and only when no row has a problem.
 */
export function ChannelSkuImport() {
  const router = useRouter();
  const fileId = useId();
  const textId = useId();
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<ChannelSkuImportPreview | null>(null);
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
    const res = await previewChannelSkuImportAction({ csv });
    setBusy(null);
    if (!res.ok) return setError(res.error.fieldErrors?.csv?.join(" ") ?? res.error.message);
    setPreview(res.data);
  };
  const runImport = async () => {
    setError(null);
    setBusy("import");
    const res = await applyChannelSkuImportAction({ csv });
    setBusy(null);
    if (!res.ok) {
      setError(res.error.fieldErrors?.csv?.join(" ") ?? res.error.message);
      // The catalog changed since the preview: show the rows as they stand now.
      const again = await previewChannelSkuImportAction({ csv });
      if (again.ok) setPreview(again.data);
      return;
    }
    toast.success(`Imported ${res.data.applied} Channel SKU change${res.data.applied === 1 ? "" : "s"}.${res.data.retried ? ` ${res.data.retried} held-back order(s) sent again.` : ""}`);
    router.push("/products");
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
          className="text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-card file:px-3 file:py-1.5 file:text-sm"
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
          placeholder={"sku,acumatica_channel_sku\nCAP-NAVY,CAP-NVY"}
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
            {preview.counts.rows} rows: {preview.counts.changes} change{preview.counts.changes === 1 ? "" : "s"}
            {preview.counts.errors > 0 ? `, ${preview.counts.errors} with a problem — fix them in the file; nothing is imported while any row has one.` : "."}
          </p>
          <div className="overflow-x-auto rounded-lg border">
            <Table aria-label="Import preview">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Line</TableHead>
                  <TableHead>SKU</TableHead>
                  <TableHead>Channel SKU now</TableHead>
                  <TableHead>In the file</TableHead>
                  <TableHead>Result</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {preview.rows.map((r) => (
                  <TableRow key={r.line} data-testid="import-row" data-error={r.error ? "true" : undefined}>
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

"use client";

import { FileUp } from "lucide-react";
import type { ReactNode } from "react";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/errors";

/** What every CSV import's preview holds: one planned row per line, a problem with the file itself, and counts. */
export interface CsvImportPreview<R extends { line: number; error?: unknown }> {
  rows: R[];
  fileError: string | null;
  counts: { rows: number; changes: number; errors: number };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A CSV import, previewed before it is applied: a file (or its pasted
 * content), Preview lists every row's change or the problem naming its line,
 * and Import applies the whole file in one go, only when no row has a
 * problem. When the apply is refused (the data changed since the preview),
 * the preview is read again so the rows show what stands now.
 */
export function CsvImport<P extends CsvImportPreview<{ line: number; error?: unknown }>, A>(props: {
  preview: (input: { csv: string }) => Promise<ActionResult<P>>;
  apply: (input: { csv: string }) => Promise<ActionResult<A>>;
  onApplied: (result: A) => void;
  placeholder: string;
  /** The preview's column headings, then one row's cells. */
  columns: string[];
  cells: (row: P["rows"][number]) => ReactNode;
  /** The sentence above the rows (changes, problems). */
  summary?: (p: P) => string;
}) {
  const fileId = useId();
  const textId = useId();
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<P | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const messageOf = (res: Extract<ActionResult<unknown>, { ok: false }>) => res.error.fieldErrors?.csv?.join(" ") ?? res.error.message;

  const load = async (file: File | undefined) => {
    if (!file) return;
    setCsv(await file.text());
    setPreview(null);
  };
  const runPreview = async () => {
    setError(null);
    setBusy("preview");
    const res = await props.preview({ csv });
    setBusy(null);
    if (!res.ok) return setError(messageOf(res));
    setPreview(res.data);
  };
  const runImport = async () => {
    setError(null);
    setBusy("import");
    const res = await props.apply({ csv });
    setBusy(null);
    if (!res.ok) {
      setError(messageOf(res));
      const again = await props.preview({ csv });
      if (again.ok) setPreview(again.data);
      return;
    }
    props.onApplied(res.data);
  };
  const canImport = !!preview && !preview.fileError && preview.counts.errors === 0 && preview.counts.changes > 0;
  const summary =
    props.summary ??
    ((p: P) =>
      `${p.counts.rows} rows: ${
        p.counts.errors > 0 ? `${p.counts.errors} with a problem — fix them in the file; nothing is imported while any row has one.` : `${plural(p.counts.changes, "change")}.`
      }`);

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
          placeholder={props.placeholder}
        />
      </div>
      {error && <FormMessage message={{ kind: "error", text: error }} />}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" onClick={runPreview} disabled={!csv || busy !== null}>
          Preview
        </Button>
        <Button type="button" onClick={runImport} disabled={!canImport || busy !== null}>
          <FileUp aria-hidden />
          Import{preview && canImport ? ` ${plural(preview.counts.changes, "change")}` : ""}
        </Button>
      </div>
      {preview?.fileError && <Alert variant="destructive">{preview.fileError}</Alert>}
      {preview && !preview.fileError && (
        <div className="grid gap-2" data-testid="import-preview">
          <p className="text-sm" aria-live="polite">
            {summary(preview)}
          </p>
          <div className="overflow-x-auto rounded-lg border">
            <Table aria-label="Import preview">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  {props.columns.map((c) => (
                    <TableHead key={c}>{c}</TableHead>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {preview.rows.map((r) => (
                  <TableRow key={r.line} data-testid="import-row" data-error={r.error ? "true" : undefined}>
                    {props.cells(r)}
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

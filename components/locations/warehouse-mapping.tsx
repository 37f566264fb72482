"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { saveWarehouseMappingAction } from "@/lib/locations/actions";
import type { ShopWarehouses } from "@/lib/locations/queries";

const NONE = "__none__";

/** One TikTok shop's warehouses → hub locations: where the stock sent to each TikTok warehouse comes from. */
export function WarehouseMapping({ shop, locations, canEdit }: { shop: ShopWarehouses; locations: Array<{ id: string; code: string; name: string }>; canEdit: boolean }) {
  const router = useRouter();
  const initial = Object.fromEntries(shop.warehouses.map((w) => [w.tiktokWarehouseId, w.locationId ?? ""]));
  const [mapping, setMapping] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (shop.warehouses.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="no-warehouses">
        No TikTok warehouses have been read from {shop.shopName} yet. They are read every 10 minutes while Process locations information is on or the shop has Push inventory on; come back once that has run.
      </p>
    );
  }
  const save = async () => {
    setSaving(true);
    setErrors({});
    setMessage(null);
    const res = await saveWarehouseMappingAction({ connectionId: shop.connectionId, mapping });
    setSaving(false);
    if (!res.ok) {
      const byWarehouse: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.error.fieldErrors ?? {})) if (k.startsWith("mapping.")) byWarehouse[k.slice("mapping.".length)] = v.join(" ");
      setErrors(byWarehouse);
      return setMessage(res.error.message);
    }
    toast.success(res.data.saved ? `Warehouse mapping of ${shop.shopName} saved.` : "No change.");
    router.refresh();
  };
  return (
    <div className="grid gap-3">
      <FormMessage message={message ? { kind: "error", text: message } : null} />
      <div className="overflow-x-auto rounded-lg border">
        <Table aria-label={`TikTok warehouses of ${shop.shopName}`}>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>TikTok warehouse</TableHead>
              <TableHead>Hub location</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shop.warehouses.map((w) => {
              const id = `wh-${shop.connectionId}-${w.tiktokWarehouseId}`;
              return (
                <TableRow key={w.tiktokWarehouseId} id={`tiktok-warehouse-${w.tiktokWarehouseId}`} className="scroll-mt-20 target:bg-muted" data-testid="warehouse-row">
                  <TableCell className="whitespace-normal">
                    <label htmlFor={id} className="grid">
                      <span>{w.tiktokWarehouseName || w.tiktokWarehouseId}</span>
                      <span className="font-mono text-xs text-muted-foreground">{w.tiktokWarehouseId}</span>
                    </label>
                  </TableCell>
                  <TableCell className="min-w-[11rem]">
                    <Select value={mapping[w.tiktokWarehouseId] || NONE} onValueChange={(v) => setMapping((m) => ({ ...m, [w.tiktokWarehouseId]: v === NONE ? "" : v }))} disabled={!canEdit}>
                      <SelectTrigger id={id} size="sm" className="w-full sm:w-56" aria-invalid={errors[w.tiktokWarehouseId] ? true : undefined}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        <SelectItem value={NONE}>Not mapped</SelectItem>
                        {locations.map((l) => (
                          <SelectItem key={l.id} value={l.id} description={l.name && l.name !== l.code ? l.name : undefined}>
                            {l.code}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                    {errors[w.tiktokWarehouseId] && <p className="mt-1 text-sm text-destructive">{errors[w.tiktokWarehouseId]}</p>}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {canEdit && (
        <Button type="button" className="w-fit" onClick={save} disabled={saving}>
          Save<span className="sr-only"> warehouse mapping of {shop.shopName}</span>
        </Button>
      )}
    </div>
  );
}

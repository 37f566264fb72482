"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { ShopProviders } from "@/lib/connections/tiktok-providers";
import { saveCarrierMappingAction } from "@/lib/order-settings/actions";
import type { AcumaticaLookups } from "@/lib/order-settings/lookups";
import { LABELS } from "@/lib/order-settings/schemas";

const NONE = "__none__";

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * One shop's carrier mapping: each Acumatica ship via (the carrier on a
 * shipment) → the TikTok shipping provider its packages are marked with.
 * Both lists are read live from the two systems.
 */
export function CarrierMappingForm(props: { connectionId: string; shopName: string; value: Record<string, string>; canEdit: boolean }) {
  const router = useRouter();
  const [mapping, setMapping] = useState<Record<string, string>>(props.value);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const shipVias = useQuery({ queryKey: ["acumatica-lookups"], queryFn: () => getJson<AcumaticaLookups>("/api/connectors/acumatica/lookups"), staleTime: 60_000 });
  const providers = useQuery({
    queryKey: ["tiktok-providers", props.connectionId],
    queryFn: () => getJson<ShopProviders>(`/api/connectors/tiktok-shop/providers?connectionId=${props.connectionId}`),
    staleTime: 60_000,
  });
  // Ship vias mapped earlier stay listed even if the live list cannot be read now.
  const rows = [...new Set([...(shipVias.data?.shipVias.map((v) => v.id) ?? []), ...Object.keys(props.value)])];
  const describe = (id: string) => shipVias.data?.shipVias.find((v) => v.id === id)?.description ?? "";

  const save = () =>
    startTransition(async () => {
      setMessage(null);
      const res = await saveCarrierMappingAction({ connectionId: props.connectionId, providers: mapping });
      if (res.ok) {
        toast.success(`Carrier mapping of ${props.shopName} saved.`);
        router.refresh();
      } else setMessage({ kind: "error", text: res.error.message });
    });

  return (
    <section id={`carriers-${props.connectionId}`} aria-labelledby={`carriers-title-${props.connectionId}`} className="grid scroll-mt-24 gap-3 target:rounded-lg target:ring-2 target:ring-ring/40">
      <div>
        <h3 id={`carriers-title-${props.connectionId}`} className="text-sm font-semibold">
          {LABELS.carriers}
        </h3>
        <p className="text-sm text-muted-foreground">Packages shipped in Acumatica with a ship via reach TikTok Shop under the provider mapped here. An unmapped ship via holds its packages back with an exception.</p>
      </div>
      <FormMessage message={message} />
      {shipVias.data && !shipVias.data.connected && <Alert announce={false}>Acumatica is not connected, so its ship vias cannot be listed. {shipVias.data.message}</Alert>}
      {providers.data?.message && <Alert announce={false}>{providers.data.message}</Alert>}
      {shipVias.isLoading || providers.isLoading ? (
        <Skeleton className="h-24 w-full" />
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full min-w-[28rem] text-sm">
            <thead className="bg-muted/50 text-left">
              <tr>
                <th className="px-3 py-2 font-medium">Acumatica ship via</th>
                <th className="px-3 py-2 font-medium">TikTok Shop shipping provider</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {rows.map((shipVia) => {
                const id = `carrier-${props.connectionId}-${shipVia}`;
                return (
                  <tr key={shipVia} data-testid="carrier-row">
                    <td className="px-3 py-2">
                      <Label htmlFor={id} className="font-mono">
                        {shipVia}
                      </Label>
                      <div className="text-xs text-muted-foreground">{describe(shipVia)}</div>
                    </td>
                    <td className="px-3 py-2">
                      <Select
                        value={mapping[shipVia] ?? NONE}
                        onValueChange={(v) => setMapping((m) => ({ ...m, [shipVia]: v === NONE ? "" : v }))}
                        disabled={!props.canEdit}
                      >
                        <SelectTrigger id={id} aria-label={`TikTok provider for ${shipVia}`} size="sm">
                          <SelectValue placeholder="Not mapped" />
                        </SelectTrigger>
                        <SelectContent>
                          <SelectItem value={NONE}>Not mapped</SelectItem>
                          {(providers.data?.providers ?? []).map((p) => (
                            <SelectItem key={p.id} value={p.id}>
                              {p.name}
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    </td>
                  </tr>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={2} className="px-3 py-4 text-center text-muted-foreground">
                    No Acumatica ship vias to map yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit && (
        <div>
          <Button type="button" onClick={save} disabled={pending} size="sm">
            Save carrier mapping
          </Button>
        </div>
      )}
    </section>
  );
}

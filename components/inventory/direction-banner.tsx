import Link from "next/link";
import { Alert, AlertTitle } from "@/components/ui/alert";
import type { InventoryDirection } from "@/lib/inventory/schemas";
import { LABELS } from "@/lib/order-settings/schemas";

const SETTINGS = "/connectors/acumatica#inventory-settings";

/** Which way inventory moves (Step 8's Process inventory information), what that means on this screen, and the scoping in force. */
export function DirectionBanner({ direction, matchedSkusOnly, excludedSkus, canEdit }: { direction: InventoryDirection; matchedSkusOnly: boolean; excludedSkus: number; canEdit: boolean }) {
  const scope = [matchedSkusOnly ? `${LABELS.matchedSkusOnly} is on` : null, excludedSkus ? `${excludedSkus} SKU${excludedSkus === 1 ? " is" : "s are"} excluded` : null].filter(Boolean);
  const link = (
    <Link href={SETTINGS} className="font-medium text-primary hover:underline">
      Change it on Connectors → Acumatica
    </Link>
  );
  return (
    <Alert variant={direction === "off" ? "warning" : "info"} announce={false} data-testid="inventory-direction">
      <AlertTitle>
        {LABELS.inventory}: {direction === "pull" ? LABELS.inventoryPull : direction === "push" ? LABELS.inventoryPush : "Off"}
      </AlertTitle>
      <p>
        {direction === "pull" && <>Acumatica is the source: quantities come from Acumatica and go on to TikTok Shop, so they are read-only here. </>}
        {direction === "push" && (
          <>OrderBridge is the source: quantities {canEdit ? "you edit or import" : "edited or imported"} here are sent to Acumatica and TikTok Shop. </>
        )}
        {direction === "off" && <>Nothing syncs: quantities are neither read from Acumatica nor sent anywhere, and cannot be changed here. Pick a direction to start. </>}
        {link}.
      </p>
      {scope.length > 0 && <p className="text-muted-foreground">Scoping: {scope.join("; ")}.</p>}
    </Alert>
  );
}

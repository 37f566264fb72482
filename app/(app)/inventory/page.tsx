import { PagePlaceholder } from "@/components/ui/page-placeholder";
import { requirePageContext } from "@/lib/auth/context";

export default async function InventoryPage() {
  await requirePageContext();
  return <PagePlaceholder title="Inventory" description="Stock levels per location, synced in the direction chosen on the Acumatica connector, will appear here." />;
}

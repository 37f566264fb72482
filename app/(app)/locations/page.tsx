import { PagePlaceholder } from "@/components/ui/page-placeholder";
import { requirePageContext } from "@/lib/auth/context";

export default async function LocationsPage() {
  await requirePageContext();
  return <PagePlaceholder title="Locations" description="Warehouses and locations, synced in the direction chosen on the Acumatica connector, will appear here." />;
}

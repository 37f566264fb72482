import { PagePlaceholder } from "@/components/ui/page-placeholder";
import { requirePageContext } from "@/lib/auth/context";

export default async function ProductsPage() {
  await requirePageContext();
  return <PagePlaceholder title="Products" description="Products pulled from Acumatica's item master, with their Channel Options, will be listed here." />;
}

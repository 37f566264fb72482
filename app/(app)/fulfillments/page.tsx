import { PagePlaceholder } from "@/components/ui/page-placeholder";
import { requirePageContext } from "@/lib/auth/context";

export default async function FulfillmentsPage() {
  await requirePageContext();
  return <PagePlaceholder title="Fulfillments" description="Shipping requests and fulfillments from Acumatica, and their push to TikTok Shop, will appear here." />;
}

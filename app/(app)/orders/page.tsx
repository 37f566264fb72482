import { PagePlaceholder } from "@/components/ui/page-placeholder";
import { requirePageContext } from "@/lib/auth/context";

export default async function OrdersPage() {
  await requirePageContext();
  return <PagePlaceholder title="Orders" description="TikTok Shop orders and the Acumatica sales orders made from them will be listed here." />;
}

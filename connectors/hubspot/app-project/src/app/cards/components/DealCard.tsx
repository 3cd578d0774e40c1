// The deal card: loads the deal's incentive, its lines and (open deals) the projection.
import { fetchDealCard } from "../lib/service";
import { useCardData } from "../lib/use-card-data";
import { LoadFailed, Loading, NoPartnerOnDeal, NotComputed } from "./CardStates";
import { DealCardView } from "./DealCardView";

export function DealCard({ dealId }: { dealId: string }) {
  const { data, retry } = useCardData(dealId, () => fetchDealCard(dealId));
  if (data.state === "loading") return <Loading what="the deal's incentive" />;
  if (data.state === "failed") return <LoadFailed message={data.message} onRetry={retry} />;
  const answer = data.data;
  if (answer.status === "no_partner") return <NoPartnerOnDeal />;
  if (answer.status === "not_computed") return <NotComputed subject="deal" />;
  return <DealCardView data={answer} />;
}

// The company card: loads the partner's figures for the company record, the period picked and
// the page of deals shown, and shows the matching state.
import { useState } from "react";
import { fetchCompanyCard } from "../lib/service";
import { useCardData } from "../lib/use-card-data";
import { LoadFailed, Loading, NotComputed, NotPartner } from "./CardStates";
import { CompanyCardView, DEALS_PER_PAGE } from "./CompanyCardView";

export function CompanyCard({ companyId }: { companyId: string }) {
  // period undefined: the service answers its latest period and lists the others.
  const [view, setView] = useState<{ period: string | undefined; page: number }>({
    period: undefined,
    page: 1,
  });
  const query = {
    period: view.period,
    dealsLimit: DEALS_PER_PAGE,
    dealsOffset: (view.page - 1) * DEALS_PER_PAGE,
  };
  const { data, retry } = useCardData(`${companyId}/${view.period ?? ""}/${view.page}`, () =>
    fetchCompanyCard(companyId, query),
  );
  if (data.state === "loading") return <Loading what="partner incentives" />;
  if (data.state === "failed") return <LoadFailed message={data.message} onRetry={retry} />;
  const answer = data.data;
  if (answer.status === "not_partner") return <NotPartner />;
  if (answer.status === "not_computed") return <NotComputed subject="partner" />;
  return (
    <CompanyCardView
      data={answer}
      reloading={data.reloading}
      onPeriodChange={(period) => setView({ period, page: 1 })}
      onDealsPageChange={(page) => setView({ period: answer.period, page })}
    />
  );
}

// The company card: loads the partner's figures for the company record (and the period picked)
// and shows the matching state.
import { useState } from "react";
import { fetchCompanyCard } from "../lib/service";
import { useCardData } from "../lib/use-card-data";
import { LoadFailed, Loading, NotComputed, NotPartner } from "./CardStates";
import { CompanyCardView } from "./CompanyCardView";

export function CompanyCard({ companyId }: { companyId: string }) {
  // undefined: the service picks the current period and lists the others.
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const { data, retry } = useCardData(`${companyId}/${period ?? ""}`, () =>
    fetchCompanyCard(companyId, period),
  );
  if (data.state === "loading") return <Loading what="partner incentives" />;
  if (data.state === "failed") return <LoadFailed message={data.message} onRetry={retry} />;
  const answer = data.data;
  if (answer.status === "not_partner") return <NotPartner />;
  if (answer.status === "not_computed") return <NotComputed subject="partner" />;
  return <CompanyCardView data={answer} onPeriodChange={setPeriod} />;
}

// Entry point of the company record card (partner-incentives-company-hsmeta.json).
import { hubspot } from "@hubspot/ui-extensions";
import { CompanyCard } from "./components/CompanyCard";

hubspot.extend<"crm.record.tab">(({ context }) => <CompanyCard companyId={String(context.crm.objectId)} />);

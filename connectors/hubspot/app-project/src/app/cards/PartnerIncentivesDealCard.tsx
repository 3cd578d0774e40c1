// Entry point of the deal record card (partner-incentives-deal-hsmeta.json).
import { hubspot } from "@hubspot/ui-extensions";
import { DealCard } from "./components/DealCard";

hubspot.extend<"crm.record.sidebar">(({ context }) => <DealCard dealId={String(context.crm.objectId)} />);

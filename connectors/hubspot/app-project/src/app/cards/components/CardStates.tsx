// The states every card shares besides its content: loading, a failed load (with a retry), and
// the plain "nothing to show" answers the service gives for a record it has no figures for.
import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from "@hubspot/ui-extensions";

export function Loading({ what }: { what: string }) {
  return <LoadingSpinner label={`Loading ${what}…`} showLabel layout="centered" />;
}

export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <ErrorState title="Partner incentives could not be loaded" type="support">
      <Text testId="load-error">{message}</Text>
      <Button testId="retry" onClick={onRetry}>
        Try again
      </Button>
    </ErrorState>
  );
}

export function NotPartner() {
  return (
    <EmptyState
      testId="not-partner"
      title="This company is not a partner"
      layout="vertical"
      imageName="companies"
    >
      <Text>
        The partner program has no partner for this company, so there is no tier, score or payout to show.
        Companies become partners when the connector syncs them as partners from the CRM.
      </Text>
    </EmptyState>
  );
}

export function NoPartnerOnDeal() {
  return (
    <EmptyState testId="no-partner" title="No partner on this deal" layout="vertical" imageName="deals">
      <Text>
        This deal has no partner company associated, so it earns no partner incentive. Associate the partner
        company with the deal's partner label to include it.
      </Text>
    </EmptyState>
  );
}

export function NotComputed({ subject }: { subject: "partner" | "deal" }) {
  return (
    <EmptyState
      testId="not-computed"
      title="Incentives not computed yet"
      layout="vertical"
      imageName="building"
    >
      <Text>
        {subject === "partner"
          ? "This partner is known to the service, but no incentive statement has been computed for it yet."
          : "The service has not computed this deal's incentive yet."}{" "}
        The figures appear here after the next reconcile run.
      </Text>
    </EmptyState>
  );
}

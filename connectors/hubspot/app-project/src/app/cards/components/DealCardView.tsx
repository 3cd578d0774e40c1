// The deal card's content (status "ok"): the partner and its tier, the deal's incentive with
// its status (counted, held back, clawback window open…) and explained lines, and on an open
// deal the projection: what it would earn if it closed this period and whether the partner
// would move up a tier. Pure, like CompanyCardView.
import {
  Alert,
  DescriptionList,
  DescriptionListItem,
  Divider,
  Flex,
  Heading,
  StatusTag,
  Tag,
  Text,
} from "@hubspot/ui-extensions";
import { formatMoney, statusVariant } from "../lib/format";
import type { DealCardOk } from "../lib/response";
import { IncentiveLines } from "./IncentiveLines";

export function DealCardView({ data }: { data: DealCardOk }) {
  return (
    <Flex direction="column" gap="sm">
      <DescriptionList direction="row">
        <DescriptionListItem label="Partner">
          <Text testId="partner">{data.partner.name}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Partner tier">
          <Tag testId="partner-tier" variant="info">
            {data.partner.tier ?? "No tier yet"}
          </Tag>
        </DescriptionListItem>
      </DescriptionList>
      {data.deal.stage === "open" ? <OpenDeal data={data} /> : <ClosedDeal data={data} />}
      {(data.deal.stage !== "open" || data.lines.length > 0) && (
        <>
          <Divider />
          <Heading>Incentive lines</Heading>
          <IncentiveLines lines={data.lines} currency={data.currency} />
        </>
      )}
      <Text testId="deal-period" variant="microcopy">
        {`Period ${data.period}${data.deal.amount === null ? "" : ` · deal amount ${formatMoney(data.deal.amount, data.deal.currency ?? data.currency)}`}`}
      </Text>
    </Flex>
  );
}

function ClosedDeal({ data }: { data: DealCardOk }) {
  return (
    <DescriptionList direction="row">
      <DescriptionListItem label="Incentive">
        <Text testId="incentive" format={{ fontWeight: "bold" }}>
          {formatMoney(data.incentive, data.currency)}
        </Text>
      </DescriptionListItem>
      <DescriptionListItem label="Status">
        <StatusTag testId="incentive-status" variant={statusVariant(data.incentiveStatus)}>
          {data.incentiveStatus}
        </StatusTag>
      </DescriptionListItem>
    </DescriptionList>
  );
}

function OpenDeal({ data }: { data: DealCardOk }) {
  const projection = data.projection;
  if (projection === null) {
    return (
      <Text testId="no-projection">
        This deal is open. The service has no projection for it yet; it appears after the next reconcile run.
      </Text>
    );
  }
  const amount = formatMoney(projection.amount, data.currency);
  return (
    <Flex direction="column" gap="xs">
      <Alert testId="projection" title={`If it closed in ${data.period}: ${amount}`} variant="info">
        {projection.explanation}
      </Alert>
      <Text testId="tier-move">
        {projection.wouldReachTier
          ? `Closing it would move ${data.partner.name} up to ${projection.wouldReachTier}.`
          : `Closing it would not change ${data.partner.name}'s tier${data.partner.tier ? ` (${data.partner.tier})` : ""}.`}
      </Text>
    </Flex>
  );
}

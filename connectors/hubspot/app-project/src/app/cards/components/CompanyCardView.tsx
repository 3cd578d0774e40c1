// The company card's content for a partner with a computed statement (status "ok"): tier and
// progress to the next, score and metrics, eligibility, payouts, and the period's deals with
// their explained lines. Pure: it renders what it is given; CompanyCard.tsx loads it.
import {
  DescriptionList,
  DescriptionListItem,
  Divider,
  Flex,
  Heading,
  LoadingSpinner,
  ProgressBar,
  Select,
  Statistics,
  StatisticsItem,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from "@hubspot/ui-extensions";
import { componentLabel, formatMoney, isZero, percentValue, statusVariant } from "../lib/format";
import type { CompanyCardOk } from "../lib/response";

/** Deals per table page (the service's dealsLimit): a partner can have thousands in a period. */
export const DEALS_PER_PAGE = 10;

export function CompanyCardView({
  data,
  reloading = false,
  onPeriodChange,
  onDealsPageChange,
}: {
  data: CompanyCardOk;
  /** Another period or page of deals is on its way; what is shown stays until it arrives. */
  reloading?: boolean;
  onPeriodChange: (period: string) => void;
  onDealsPageChange: (page: number) => void;
}) {
  return (
    <Flex direction="column" gap="md">
      {reloading && <LoadingSpinner testId="reloading" label="Updating…" size="xs" showLabel />}
      <Flex direction="row" justify="between" align="center" wrap>
        <Flex direction="row" gap="sm" align="center">
          <Heading>{data.partner.name}</Heading>
          <Tag testId="tier" variant="info">
            {data.tier ?? "No tier yet"}
          </Tag>
        </Flex>
        <Select
          testId="period"
          label="Period"
          value={data.period}
          options={data.periods.map((p) => ({ label: p, value: p }))}
          onChange={(value) => onPeriodChange(String(value))}
        />
      </Flex>
      <TierProgress data={data} />
      <Divider />
      <ScoreAndEligibility data={data} />
      <Divider />
      <Payouts data={data} />
      <Divider />
      <PeriodDeals data={data} onPageChange={onDealsPageChange} />
    </Flex>
  );
}

function TierProgress({ data }: { data: CompanyCardOk }) {
  if (data.nextTier === null) {
    return (
      <Text testId="top-tier">
        {data.tier ? `${data.tier} is the top tier of the ladder.` : "No next tier."}
      </Text>
    );
  }
  // A zero gap: the amount the next tier asks for is reached; what is missing is something else.
  const reached = data.gapToNextTier !== null && isZero(data.gapToNextTier);
  const gap = data.gapToNextTier === null || reached ? null : formatMoney(data.gapToNextTier, data.currency);
  return (
    <Flex direction="column" gap="xs">
      <ProgressBar
        testId="tier-progress"
        title={`Progress to ${data.nextTier}`}
        value={data.progressPercent === null ? 0 : percentValue(data.progressPercent)}
        maxValue={100}
        showPercentage
        {...(gap === null ? {} : { valueDescription: `${gap} to go` })}
      />
      {gap !== null && <Text testId="gap">{`${gap} more to reach ${data.nextTier}.`}</Text>}
      {reached && <Text testId="gap">{`The amount ${data.nextTier} asks for is reached.`}</Text>}
      {data.missingForNextTier.length > 0 && (
        <Flex testId="missing-for-next-tier" direction="column" gap="flush">
          <Text format={{ fontWeight: "demibold" }}>{`Still missing for ${data.nextTier}:`}</Text>
          {data.missingForNextTier.map((missing) => (
            <Text key={missing}>{`• ${missing}`}</Text>
          ))}
        </Flex>
      )}
    </Flex>
  );
}

function ScoreAndEligibility({ data }: { data: CompanyCardOk }) {
  return (
    <Flex direction="row" gap="lg" wrap>
      <Flex direction="column" gap="xs">
        <Statistics>
          <StatisticsItem testId="score" label="Partner score" number={data.score ?? "—"} />
        </Statistics>
        {data.metrics.length > 0 && (
          <DescriptionList testId="metrics" direction="row">
            {data.metrics.map((metric) => (
              <DescriptionListItem key={metric.name} label={componentLabel(metric.name)}>
                <Text>{metric.value}</Text>
              </DescriptionListItem>
            ))}
          </DescriptionList>
        )}
      </Flex>
      <Flex direction="column" gap="xs">
        <Text format={{ fontWeight: "demibold" }}>Eligibility</Text>
        <Tag testId="eligibility" variant={data.eligible ? "success" : "error"}>
          {data.eligible ? "Eligible for incentives" : "Not eligible for incentives"}
        </Tag>
        {data.ineligibleReasons.length > 0 && (
          <Flex testId="ineligible-reasons" direction="column" gap="flush">
            {data.ineligibleReasons.map((reason) => (
              <Text key={reason}>{`• ${reason}`}</Text>
            ))}
          </Flex>
        )}
      </Flex>
    </Flex>
  );
}

function Payouts({ data }: { data: CompanyCardOk }) {
  const money = (amount: string) => formatMoney(amount, data.currency);
  return (
    <Flex direction="column" gap="xs">
      <Statistics testId="payouts">
        <StatisticsItem testId="payable" label={`Payable ${data.period}`} number={money(data.payable)} />
        <StatisticsItem testId="held-back" label="Held back" number={money(data.heldBack)} />
        <StatisticsItem
          testId="paid-ytd"
          label={`Paid in ${data.period.slice(0, 4)}`}
          number={money(data.paidYtd)}
        />
        <StatisticsItem
          testId="fund-balance"
          label="Co-op fund balance"
          number={data.fundBalance === null ? "—" : money(data.fundBalance)}
        />
      </Statistics>
      {data.payoutStatus !== null && (
        <Text testId="payout-status">{`Payout status: ${data.payoutStatus}`}</Text>
      )}
    </Flex>
  );
}

function PeriodDeals({ data, onPageChange }: { data: CompanyCardOk; onPageChange: (page: number) => void }) {
  const { deals, period, currency } = data;
  if (data.dealsTotal === 0) return <Text testId="no-deals">{`No partner deals in ${period}.`}</Text>;
  // The service sends one page of the period's deals; the table pages through the rest.
  const pageCount = Math.ceil(data.dealsTotal / DEALS_PER_PAGE);
  const page = Math.floor(data.dealsOffset / DEALS_PER_PAGE) + 1;
  const paging =
    pageCount > 1
      ? { paginated: true as const, pageCount, page, onPageChange }
      : { paginated: false as const };
  return (
    <Flex direction="column" gap="xs">
      <Heading>{`Deals in ${period} (${data.dealsTotal})`}</Heading>
      <Table testId="period-deals" bordered density="condensed" {...paging}>
        <TableHead>
          <TableRow>
            <TableHeader>Deal</TableHeader>
            <TableHeader>Closed</TableHeader>
            <TableHeader align="right">Amount</TableHeader>
            <TableHeader align="right">Incentive</TableHeader>
            <TableHeader>Status</TableHeader>
            <TableHeader>How it was computed</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {deals.map((deal, i) => (
            <TableRow key={deal.id ?? `${deal.name}-${i}`}>
              <TableCell>{deal.name ?? "(unnamed deal)"}</TableCell>
              <TableCell>{deal.closeDate ?? "—"}</TableCell>
              <TableCell align="right">
                {deal.amount === null ? "—" : formatMoney(deal.amount, deal.currency ?? currency)}
              </TableCell>
              <TableCell align="right">{formatMoney(deal.incentive, currency)}</TableCell>
              <TableCell>
                <StatusTag variant={statusVariant(deal.status)}>{deal.status}</StatusTag>
              </TableCell>
              <TableCell>
                {deal.lines.map((line, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a deal's lines never reorder, and two can share a component.
                  <Text key={`${line.component}-${j}`} variant="microcopy">
                    {`${componentLabel(line.component)} ${formatMoney(line.amount, currency)}: ${line.explanation}`}
                  </Text>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}

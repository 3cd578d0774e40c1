// A deal's incentive lines, each with the engine's explanation of how it was computed.
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from "@hubspot/ui-extensions";
import { componentLabel, formatMoney } from "../lib/format";
import type { IncentiveLine } from "../lib/response";

export function IncentiveLines({ lines, currency }: { lines: IncentiveLine[]; currency: string }) {
  if (lines.length === 0) return <Text testId="no-lines">No incentive lines for this deal.</Text>;
  return (
    <Table testId="incentive-lines" bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>Component</TableHeader>
          <TableHeader align="right">Amount</TableHeader>
          <TableHeader>Explanation</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a deal's lines never reorder, and two can share a component.
          <TableRow key={`${line.component}-${i}`}>
            <TableCell>{componentLabel(line.component)}</TableCell>
            <TableCell align="right">{formatMoney(line.amount, currency)}</TableCell>
            <TableCell>{line.explanation}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

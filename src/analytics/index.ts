// Program analytics (issue #17): activation, 20-60-20 segments, cost and ROI, budget use, payout
// accuracy and trends, per program and per partner, for one period. docs/analytics.md defines
// every measure.
export type { AnalyticsInput } from "./input.ts";
export { analyticsProgram, closedAtOf, loadAnalyticsInput, signingDate } from "./load.ts";
export { keepAtClose, type ProgramReport, programReport } from "./program-report.ts";
export { type Analytics, computeAnalytics, type PartnerAnalytics, type ProgramAnalytics } from "./report.ts";

// The preview's approximation of HubSpot's record-page look (colours and type of HubSpot's
// Canvas design system, by eye): enough for a faithful screenshot, not a copy of HubSpot's CSS.
export const HUBSPOT_UI_CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #f5f8fa; color: #33475b; font: 14px/1.5 "Lexend Deca", "Avenir Next", "Helvetica Neue", Arial, sans-serif; }
.hs-page { padding: 24px; }
.hs-record-card { background: #fff; border: 1px solid #cbd6e2; border-radius: 4px; }
.hs-record-card-header { display: flex; justify-content: space-between; align-items: center; padding: 12px 20px; border-bottom: 1px solid #dfe3eb; font-weight: 600; font-size: 16px; }
.hs-record-card-header .hs-app { font-weight: 400; font-size: 12px; color: #7c98b6; }
.hs-record-card-body { padding: 16px 20px 20px; }
.hs-sidebar .hs-record-card-header { font-size: 14px; }
.hs-flex { display: flex; }
.hs-row { flex-direction: row; }
.hs-column { flex-direction: column; }
.hs-wrap { flex-wrap: wrap; }
.hs-gap-flush { gap: 0; } .hs-gap-xs { gap: 4px; } .hs-gap-sm { gap: 8px; } .hs-gap-md { gap: 16px; } .hs-gap-lg { gap: 32px; }
.hs-justify-between { justify-content: space-between; } .hs-align-center { align-items: center; }
.hs-heading { margin: 0; font-size: 16px; font-weight: 600; color: #33475b; }
.hs-text { margin: 0; }
.hs-microcopy { font-size: 12px; color: #516f90; }
.hs-weight-bold { font-weight: 700; } .hs-weight-demibold { font-weight: 600; }
.hs-divider { border: 0; border-top: 1px solid #dfe3eb; margin: 0; width: 100%; }
.hs-tag { display: inline-block; padding: 0 8px; border: 1px solid #cbd6e2; border-radius: 3px; background: #f5f8fa; font-size: 12px; line-height: 22px; white-space: nowrap; }
.hs-tag-info { background: #e5f5f8; border-color: #7fd1de; }
.hs-tag-success { background: #e5f8f6; border-color: #7fded2; }
.hs-tag-error { background: #fde8e9; border-color: #f8a9ad; }
.hs-tag-warning { background: #fef8f0; border-color: #fae0b5; }
.hs-status-tag { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; }
.hs-status-dot { width: 8px; height: 8px; border-radius: 50%; background: #cbd6e2; flex: none; }
.hs-status-success { background: #00bda5; } .hs-status-warning { background: #f5c26b; }
.hs-status-danger { background: #f2545b; } .hs-status-info { background: #00a4bd; }
.hs-progress { width: 100%; }
.hs-progress-label { display: flex; justify-content: space-between; font-size: 13px; margin-bottom: 4px; }
.hs-progress-track { height: 8px; border-radius: 4px; background: #eaf0f6; overflow: hidden; }
.hs-progress-fill { height: 100%; background: #00a4bd; border-radius: 4px; }
.hs-select { display: flex; flex-direction: column; gap: 2px; min-width: 140px; }
.hs-field-label { font-size: 12px; color: #516f90; }
.hs-select-box { border: 1px solid #cbd6e2; border-radius: 3px; background: #f5f8fa; padding: 4px 28px 4px 10px; position: relative; }
.hs-select-box::after { content: "▾"; position: absolute; right: 10px; color: #516f90; }
.hs-statistics { display: flex; flex-wrap: wrap; gap: 32px; }
.hs-statistic-label { font-size: 12px; color: #516f90; text-transform: uppercase; letter-spacing: .03em; }
.hs-statistic-number { font-size: 22px; font-weight: 300; color: #33475b; }
.hs-dl { margin: 0; display: flex; gap: 24px; }
.hs-dl-column { flex-direction: column; gap: 8px; }
.hs-dl-row { flex-wrap: wrap; }
.hs-dl-item dt { font-size: 12px; color: #516f90; }
.hs-dl-item dd { margin: 0; }
.hs-table-wrap { width: 100%; }
.hs-table { width: 100%; border-collapse: collapse; border: 1px solid #cbd6e2; font-size: 13px; }
.hs-table th { background: #f5f8fa; text-align: left; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; padding: 6px 10px; border-bottom: 1px solid #cbd6e2; }
.hs-table td { padding: 6px 10px; border-top: 1px solid #dfe3eb; vertical-align: top; }
.hs-table .hs-right { text-align: right; white-space: nowrap; }
.hs-pager { display: flex; justify-content: center; gap: 4px; padding-top: 8px; font-size: 13px; }
.hs-pager-page { padding: 0 8px; color: #0091ae; }
.hs-pager-current { border: 1px solid #cbd6e2; border-radius: 3px; color: #33475b; }
.hs-alert { border: 1px solid #7fd1de; border-left-width: 4px; background: #e5f5f8; padding: 10px 12px; border-radius: 3px; }
.hs-alert-success { border-color: #7fded2; background: #e5f8f6; }
.hs-alert-warning { border-color: #fae0b5; background: #fef8f0; }
.hs-alert-danger, .hs-alert-error { border-color: #f8a9ad; background: #fde8e9; }
.hs-button { border: 1px solid #cbd6e2; background: #f5f8fa; border-radius: 3px; padding: 6px 14px; color: #33475b; font: inherit; }
.hs-empty { text-align: center; padding: 24px; display: flex; flex-direction: column; gap: 8px; align-items: center; }
`;

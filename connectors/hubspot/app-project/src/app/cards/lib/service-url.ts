// The service's public base URL, which the cards call with hubspot.fetch. HubSpot only lets a
// card fetch a URL listed in app-hsmeta.json's permittedUrls.fetch, so the two must agree:
// set both with `npm run hubspot:service-url -- https://incentives.your-company.com` (README,
// "HubSpot app cards"); test/project-config.test.ts (in this package) fails when they differ.
export const SERVICE_BASE_URL = "https://incentives.example.com";

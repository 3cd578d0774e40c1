// A Salesforce Outbound Message as Salesforce sends it (shape per the outbound messaging WSDL:
// https://developer.salesforce.com/docs/platform/api/guide/sforce-api-om-outboundmessaging-wsdl.html).
export function outboundMessage(
  options: { orgId?: string; notifications?: Array<{ id: string; type: string; recordId: string }> } = {},
): string {
  const notifications = options.notifications ?? [
    { id: "04l5e00000Gx7QzAAJ", type: "Opportunity", recordId: "0065e00000AbCdEAAV" },
    { id: "04l5e00000Gx7R0AAJ", type: "Opportunity", recordId: "0065e00000AbCdFAAV" },
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>${options.orgId ?? "00D5e000000KQ2eEAG"}</OrganizationId>
   <ActionId>04k5e000000CaRkAAK</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/62.0/00D5e000000KQ2e</EnterpriseUrl>
   <PartnerUrl>https://example.my.salesforce.com/services/Soap/u/62.0/00D5e000000KQ2e</PartnerUrl>
${notifications
  .map(
    (n) => `   <Notification>
    <Id>${n.id}</Id>
    <sObject xsi:type="sf:${n.type}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>${n.recordId}</sf:Id>
     <sf:Amount>12000.00</sf:Amount>
     <sf:StageName>Closed Won</sf:StageName>
    </sObject>
   </Notification>`,
  )
  .join("\n")}
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;
}

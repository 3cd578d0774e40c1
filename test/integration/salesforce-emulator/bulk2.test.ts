import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { connect, raw, startEmulator } from "./fixtures.ts";

type Row = Record<string, string | undefined>;

describe("Salesforce emulator: Bulk API 2.0 through jsforce", () => {
  let emu: RunningSalesforceEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emu = await startEmulator({ seed: { partners: 20, deals: 2_500 }, bulkQueryPageSize: 5_000 });
    conn = connect(emu);
    conn.bulk2.pollInterval = 20;
  });
  afterAll(() => emu.close());

  it("ingests with per-row failures reported in failedResults", async () => {
    const results = await conn.bulk2.loadAndWaitForResults({
      object: "Opportunity",
      operation: "insert",
      input: [
        {
          Name: "Bulk 1",
          StageName: "Prospecting",
          CloseDate: "2026-02-01",
          Amount: 10,
          Incentive_Key__c: "B-1",
        },
        { Name: "Bulk 2", StageName: "Closed Won", CloseDate: "2026-02-02", Amount: "not a number" },
        { Name: null, StageName: "Prospecting", CloseDate: "2026-02-03" },
        {
          Name: "Bulk 4",
          StageName: "Prospecting",
          CloseDate: "2026-02-04",
          Amount: 40,
          Incentive_Key__c: "B-1",
        },
      ],
      pollInterval: 20,
    });
    expect(results.successfulResults).toHaveLength(1);
    const ok = results.successfulResults[0] as unknown as Row;
    expect(ok.sf__Created).toBe("true");
    expect(ok.sf__Id).toMatch(/^006/);
    expect(ok.Name).toBe("Bulk 1");
    const failed = results.failedResults as unknown as Row[];
    expect(failed.map((r) => r.sf__Error!.split(":")[0])).toEqual([
      "INVALID_TYPE_ON_FIELD_IN_RECORD",
      "REQUIRED_FIELD_MISSING",
      "DUPLICATE_VALUE",
    ]);
    expect(failed[1]!.Name).toBe("#N/A");
    expect(results.unprocessedRecords).toHaveLength(0);
    expect(emu.org.get("Opportunity", ok.sf__Id!)?.LastModifiedById).toBe(emu.org.users.integration);
  });

  it("upserts by external id and deletes in bulk", async () => {
    const upsert = await conn.bulk2.loadAndWaitForResults({
      object: "Opportunity",
      operation: "upsert",
      externalIdFieldName: "Incentive_Key__c",
      input: [
        // jsforce takes the CSV columns from the first record; empty cells leave fields unchanged.
        { Incentive_Key__c: "B-1", Amount: 11, Name: "", StageName: "", CloseDate: "" },
        {
          Incentive_Key__c: "B-2",
          Amount: "",
          Name: "Bulk new",
          StageName: "Prospecting",
          CloseDate: "2026-03-01",
        },
      ],
      pollInterval: 20,
    });
    expect(upsert.failedResults).toEqual([]);
    expect((upsert.successfulResults as unknown as Row[]).map((r) => r.sf__Created)).toEqual([
      "false",
      "true",
    ]);
    const ids = (upsert.successfulResults as unknown as Row[]).map((r) => r.sf__Id!);
    expect(emu.org.get("Opportunity", ids[0]!)?.Amount).toBe(11);
    const del = await conn.bulk2.loadAndWaitForResults({
      object: "Opportunity",
      operation: "delete",
      input: ids.map((Id) => ({ Id })),
      pollInterval: 20,
    });
    expect(del.successfulResults).toHaveLength(2);
    expect(emu.org.get("Opportunity", ids[1]!)?.IsDeleted).toBe(true);
  });

  it("fails the whole job on an unknown column, as Salesforce does", async () => {
    const job = (
      await raw(emu, "POST", "/services/data/v62.0/jobs/ingest", { object: "Account", operation: "insert" })
    ).body as { id: string; state: string; apiVersion: number };
    expect(job.state).toBe("Open");
    expect(job.apiVersion).toBe(62);
    const upload = await raw(
      emu,
      "PUT",
      `/services/data/v62.0/jobs/ingest/${job.id}/batches`,
      "Name,Bogus__c\nA,1\n",
      {
        "Content-Type": "text/csv",
      },
    );
    expect(upload.status).toBe(201);
    expect(upload.text).toBe("");
    const again = await raw(emu, "PUT", `/services/data/v62.0/jobs/ingest/${job.id}/batches`, "Name\nB\n", {
      "Content-Type": "text/csv",
    });
    expect(again.status).toBe(400);
    expect((again.body as { errorCode: string }[])[0]!.errorCode).toBe("BULK_API_ERROR");
    await raw(emu, "PATCH", `/services/data/v62.0/jobs/ingest/${job.id}`, { state: "UploadComplete" });
    await new Promise((r) => setTimeout(r, 20));
    const info = (await raw(emu, "GET", `/services/data/v62.0/jobs/ingest/${job.id}`)).body as Record<
      string,
      unknown
    >;
    expect(info.state).toBe("Failed");
    expect(info.errorMessage).toBe("InvalidBatch : Field name not found : Bogus__c");
  });

  it("runs jsforce bulk2.query end to end on a single results page", async () => {
    emu.org.resetCalls();
    const stream = await conn.bulk2.query(
      "SELECT Id, Name, Amount, PartnerAccount.Name FROM Opportunity WHERE Amount > 1000",
      {
        pollInterval: 20,
      },
    );
    const rows: Row[] = [];
    for await (const r of stream as AsyncIterable<Row>) rows.push(r);
    const live = emu.org.query("SELECT COUNT() FROM Opportunity WHERE Amount > 1000").totalSize;
    expect(rows).toHaveLength(live);
    expect(rows.length).toBeLessThanOrEqual(5_000);
    expect(rows[0]).toHaveProperty(["PartnerAccount.Name"]);
    expect(emu.org.calls().byEndpoint["GET /services/data/vXX.X/jobs/query/:id/results"]).toBe(1);
  });

  it("serves explicit maxRecords/locator paging and the last page's null locator", async () => {
    const job = (
      await raw(emu, "POST", "/services/data/v62.0/jobs/query", {
        operation: "queryAll",
        query: "SELECT Id FROM Account",
      })
    ).body as { id: string; jobType: string };
    expect(job.jobType).toBe("V2Query");
    await new Promise((r) => setTimeout(r, 20));
    const first = await raw(emu, "GET", `/services/data/v62.0/jobs/query/${job.id}/results?maxRecords=25`);
    expect(first.headers.get("sforce-numberofrecords")).toBe("25");
    const locator = first.headers.get("sforce-locator")!;
    expect(locator).not.toBe("null");
    const second = await raw(
      emu,
      "GET",
      `/services/data/v62.0/jobs/query/${job.id}/results?maxRecords=25&locator=${locator}`,
    );
    expect(second.headers.get("sforce-locator")).toBe("null");
    expect(second.text.trim().split("\n").length - 1).toBe(
      Number(second.headers.get("sforce-numberofrecords")),
    );
  });
});

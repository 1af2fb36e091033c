/**
 * Port of Hamilton's examples/reverse_etl (tests/fixtures/ports/reverse-etl): Timewarrior
 * intervals to a daily quarter-hour timesheet, appended to a Google Sheet only for days the sheet
 * lacks. The Timewarrior parser and the Google client are nodes a test overrides (an in-memory
 * sheet), which also cuts `credentials` out of the run. Expected rows are worked out here.
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";
import { InMemorySheet } from "../fixtures/ports/reverse-etl/sheets.ts";

const build = () => new Builder().withModules(new URL("../fixtures/ports/reverse-etl/upload_timesheet.ts", import.meta.url)).build();

const PARSER = {
  config: { spreadsheet_id: "sheet-1" },
  intervals: [
    { start: "20240101T090000Z", end: "20240101T103000Z", tags: ["DW", "write the report"] }, // 1.5 h
    { start: "20240101T110000Z", end: "20240101T112000Z", tags: ["+DW", "review code"] }, // 20 min
    { start: "20240102T090000Z", end: "20240102T090030Z", tags: ["DW", "tiny"] }, // ≤ 1 min: dropped
    { start: "20240103T090000Z", end: "20240103T100000Z", tags: ["other", "not work"] }, // no DW: dropped
    { start: "20240104T090000Z", end: "20240104T094000Z", tags: ["DW", "pair on tests"] }, // 40 min
    { start: "20240108T090000Z", end: "20240108T110700Z", tags: ["DW", "plan the week"] }, // 2 h 7 min
  ],
};
const quarter = (minutes: number) => Math.round(minutes / 60 / 0.25) * 0.25;

async function captured<T>(run: () => Promise<T>): Promise<[T, string[]]> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    return [await run(), lines];
  } finally {
    console.log = log;
  }
}

describe("ports/reverse_etl", () => {
  it("has Hamilton's nodes: spreadsheet_id extracted from the Timewarrior config, sheet_id optional everywhere, command_output a void node", async () => {
    const dr = await build();
    expect(dr.node("spreadsheet_id").dependencies.map((d) => d.name)).toEqual(["timewarrior_config"]);
    expect(dr.node("spreadsheet_id").type).toBe("string");
    for (const node of ["create_header_query", "get_records_query", "insert_records_query", "format_spreadsheet_query"]) {
      expect(dr.node(node).dependencies.find((d) => d.name === "sheet_id"), node).toMatchObject({ optional: true });
    }
    expect(dr.node("command_output").type).toBe("void");
    expect(dr.node("sheet_id").dependents).toEqual(["create_header_query", "get_records_query", "insert_records_query", "format_spreadsheet_query"]);
  });

  it("the first upload appends every day in quarter hours with weekly totals; the second finds nothing new", async () => {
    const dr = await build();
    const sheet = new InMemorySheet("sheet-1");
    const overrides = { timewarrior_parser: PARSER, google_service: sheet };
    const [first, printed] = await captured(() => dr.execute(["command_output", "timesheet"], { overrides }));
    expect(first.command_output).toBeUndefined();
    const expected = [
      { date: "2024-01-01", week_number: 1, week_day: 0, description: "write the report; review code", duration: quarter(110), weekly_cumulative: quarter(110) },
      { date: "2024-01-04", week_number: 1, week_day: 3, description: "pair on tests", duration: quarter(40), weekly_cumulative: quarter(110) + quarter(40) },
      { date: "2024-01-08", week_number: 2, week_day: 0, description: "plan the week", duration: quarter(127), weekly_cumulative: quarter(127) },
    ];
    expect(first.timesheet).toEqual(expected);
    expect(sheet.rows[0]).toEqual(["date", "week_number", "week_day", "description", "duration", "weekly_cumulative"]);
    expect(sheet.rows.slice(1)).toEqual(expected.map((row) => [row.date, row.week_number, row.week_day, row.description, row.duration, row.weekly_cumulative].map(String)));
    expect(printed[0]).toMatch(/^records_uploaded=3/);
    // A border above the header and wherever the week changes (rows 1 and 3).
    expect(sheet.requests.map((request) => (request as { updateBorders: { range: { startRowIndex: number } } }).updateBorders.range.startRowIndex)).toEqual([0, 1, 3]);

    const [second, printedAgain] = await captured(() => dr.execute(["command_output", "incremental_records"], { overrides }));
    expect(second.incremental_records).toEqual([]);
    expect(printedAgain).toEqual(["No new records to upload."]);
    expect(sheet.rows).toHaveLength(4);
  });

  it("must_include and primary_key are optional inputs; without the google_service override, credentials runs and fails naming itself", async () => {
    const dr = await build();
    const { intervals_df } = await dr.execute(["intervals_df"], { overrides: { timewarrior_parser: PARSER }, inputs: { must_include: "" } });
    expect((intervals_df as unknown[]).length).toBe(5); // everything over a minute, whatever its tags

    const error = await rejection(dr.execute(["command_output"], { overrides: { timewarrior_parser: PARSER } }));
    expect(error).toMatchObject({ code: "node_failed", node: "credentials" });

    const noId = await rejection(dr.execute(["spreadsheet_id"], { overrides: { timewarrior_parser: { ...PARSER, config: {} } } }));
    expect(noId).toMatchObject({ code: "node_failed", node: "timewarrior_config" });
    expect(noId.message).toContain("timew config spreadsheet_id ID");
  });
});

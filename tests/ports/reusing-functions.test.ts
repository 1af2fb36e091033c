/**
 * Port of Hamilton's examples/reusing_functions (tests/fixtures/ports/reusing-functions): one
 * module reused six times with `subdag` (a `value()` input and a config value each), a global
 * node every copy reads, and main.py's custom result builder (a time-series join). Expected
 * counts are worked out here from the events, and the weekly and monthly ones are main.py's.
 */
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { timeSeriesJoin } from "../fixtures/ports/reusing-functions/time_series_join.ts";
import { website_interactions } from "../fixtures/ports/reusing-functions/reusable_subdags.ts";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/ports/reusing-functions/reusable_subdags.ts", import.meta.url);
const build = (config: Record<string, unknown> = {}) => new Builder().withModules(module).withConfig(config).build();
const OUTPUTS = ["daily_unique_users_US", "daily_unique_users_CA", "weekly_unique_users_US", "weekly_unique_users_CA", "monthly_unique_users_US", "monthly_unique_users_CA"];

/** Distinct users per calendar day of one region, every day from the first event's to the last's. */
function dailyUniqueUsers(region: string): Map<string, number> {
  const byDay = new Map<string, Set<number>>();
  for (const { timestamp, user_id, region: r } of website_interactions()) {
    if (r !== region) continue;
    const day = `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6, 8)}`;
    byDay.set(day, (byDay.get(day) ?? new Set()).add(user_id));
  }
  const days = [...byDay.keys()].sort();
  const out = new Map<string, number>();
  for (let d = new Date(`${days[0]}T00:00:00Z`); d <= new Date(`${days[days.length - 1]}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    out.set(day, byDay.get(day)?.size ?? 0);
  }
  return out;
}

describe("ports/reusing_functions", () => {
  it("has Hamilton's nodes: <ns>.<node> per reused node, <ns>.grain and <ns>.region, one global website_interactions", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    for (const ns of OUTPUTS) {
      expect(wiring[ns]).toEqual([`${ns}.unique_users`]);
      expect(wiring[`${ns}.unique_users`]).toEqual([`${ns}.filtered_interactions`, `${ns}.grain`]);
      expect(wiring[`${ns}.filtered_interactions`]).toEqual(["website_interactions", `${ns}.region`]);
    }
    expect(Object.keys(wiring).filter((name) => name.endsWith("website_interactions"))).toEqual(["website_interactions"]);
    expect(Object.keys(wiring)).toHaveLength(1 + OUTPUTS.length * 5);
  });

  it("every grain and region counts as pandas' resample(…).nunique() does", async () => {
    const out = await (await build()).execute(OUTPUTS);
    expect(out.daily_unique_users_US).toEqual(dailyUniqueUsers("US"));
    expect(out.daily_unique_users_CA).toEqual(dailyUniqueUsers("CA"));
    expect(out.weekly_unique_users_US).toEqual(new Map([["2022-09-04", 3], ["2022-09-11", 3], ["2022-09-18", 2], ["2022-09-25", 4], ["2022-10-02", 1]]));
    expect(out.weekly_unique_users_CA).toEqual(new Map([["2022-09-04", 4], ["2022-09-11", 3], ["2022-09-18", 4], ["2022-09-25", 6], ["2022-10-02", 1]]));
    expect(out.monthly_unique_users_US).toEqual(new Map([["2022-09-30", 6]]));
    expect(out.monthly_unique_users_CA).toEqual(new Map([["2022-09-30", 8]]));
  });

  it("main.py's time-series join: days from the first to the last label, back-filled as its printed table shows", async () => {
    const dr = await new Builder().withModules(module).withResultBuilder(timeSeriesJoin).build();
    const rows = await dr.execute(["daily_unique_users_US", "weekly_unique_users_US", "monthly_unique_users_US"]);
    expect(rows).toHaveLength(32);
    const at = (date: string) => rows.find((row) => row.date === date);
    expect(at("2022-09-01")).toEqual({ date: "2022-09-01", daily_unique_users_US: 2, weekly_unique_users_US: 3, monthly_unique_users_US: 6 });
    expect(at("2022-09-04")).toMatchObject({ daily_unique_users_US: 0, weekly_unique_users_US: 3, monthly_unique_users_US: 6 });
    expect(at("2022-09-28")).toMatchObject({ daily_unique_users_US: null, weekly_unique_users_US: 1, monthly_unique_users_US: 6 });
    expect(at("2022-10-02")).toMatchObject({ daily_unique_users_US: null, weekly_unique_users_US: 1, monthly_unique_users_US: null });
  });

  it("the join refuses an output that is not a time series: hook_failed naming the builder, main.py's message as the cause", async () => {
    const dr = await new Builder().withModules(module).withResultBuilder(timeSeriesJoin).build();
    const error = await rejection(dr.execute(["website_interactions"]));
    expect(error.code).toBe("hook_failed");
    expect(error.message).toContain('"timeSeriesJoin"');
    expect((error.cause as Error).message).toContain("must be time-series -- the following are not: website_interactions");
  });

  it("each copy's config wins over the outer config, as subdag config does in Hamilton", async () => {
    const dr = await build({ region: "CA" });
    const out = await dr.execute(["monthly_unique_users_US", "monthly_unique_users_US.region"]);
    expect(out).toEqual({ monthly_unique_users_US: new Map([["2022-09-30", 6]]), "monthly_unique_users_US.region": "US" });
  });

  it("a grain unique_users refuses fails the run as node_failed naming that copy's node, with the original as cause", async () => {
    const dr = await build();
    const error = await rejection(dr.execute(["weekly_unique_users_CA"], { overrides: { "weekly_unique_users_CA.grain": "year" } }));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("weekly_unique_users_CA.unique_users");
    expect(String((error.cause as Error).message)).toContain("year");
  });

  it("a misspelt output gets unknown_output with a did-you-mean", async () => {
    const error = await rejection((await build()).execute(["weekly_unique_users_Us"]));
    expect(error.code).toBe("unknown_output");
    expect(error.message).toContain("weekly_unique_users_US");
  });
});

/**
 * nameSteps, the one step-naming rule the run-time graph and the static check share: prefixes,
 * `.named` steps, numbered repeats, and collisions with nodes that are not steps.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameSteps, stepBaseName, type StepNameOwner, type StepNameRequest } from "../../src/graph/index.ts";

const unnamed = (functionName: string, namespace?: string | null): StepNameRequest => ({ name: undefined, functionName, namespace });
const named = (name: string, namespace?: string | null): StepNameRequest => ({ name, functionName: "fn", namespace });
const node = (description: string): StepNameOwner => ({ description });

describe("stepBaseName", () => {
  it("is with_<fn>, without a leading underscore, and empty for an anonymous function", () => {
    expect([stepBaseName("round"), stepBaseName("_round"), stepBaseName("")]).toEqual(["with_round", "with_round", ""]);
  });
});

describe("nameSteps", () => {
  const plan = { prefix: "f" as string | null, from: "f.raw", taken: new Map<string, StepNameOwner>([["f", node("the node f")], ["f.raw", node("the raw node")]]) };

  it("prefixes each step with the pipe's prefix, the step's own namespace, or none", () => {
    expect(nameSteps([unnamed("round"), unnamed("clip", "ns"), named("moved", null)], plan)).toEqual({ names: ["f.with_round", "ns.with_clip", "moved"] });
  });

  it("numbers an unnamed step repeating an earlier step's name, past named steps and steps already made", () => {
    const taken = new Map([...plan.taken, ["f.with_round", "pipe-step" as const]]);
    expect(nameSteps([unnamed("round"), named("with_round_2"), unnamed("round"), unnamed("round")], { ...plan, taken })).toEqual({
      names: ["f.with_round_1", "f.with_round_2", "f.with_round_3", "f.with_round_4"],
    });
  });

  it("refuses an unnamed step whose name a node that is not a step has, naming that node", () => {
    const taken = new Map([...plan.taken, ["with_round", node('the node "with_round" itself')]]);
    expect(nameSteps([unnamed("round", null)], { ...plan, taken })).toEqual({ collision: { step: 0, name: "with_round", owner: 'the node "with_round" itself' } });
  });

  it("refuses a .named step whose name any node has, a step included", () => {
    expect(nameSteps([unnamed("round"), named("with_round")], plan)).toEqual({ collision: { step: 1, name: "f.with_round", owner: "another pipe step of this function" } });
    expect(nameSteps([named("raw")], plan)).toEqual({ collision: { step: 0, name: "f.raw", owner: "the raw node" } });
  });

  it("refuses a step named like the value it pipes", () => {
    const result = nameSteps([named("x", null)], { prefix: "f", from: "x", taken: new Map() });
    expect(result.collision?.owner).toBe('the value it pipes ("x"), so the step would read itself');
  });

  it("gives distinct names no node has, or a collision with a name that was taken (fast-check)", () => {
    const request = fc.oneof(
      fc.record({ name: fc.constant(undefined), functionName: fc.constantFrom("a", "b", "_a"), namespace: fc.constantFrom(undefined, null, "p") }),
      fc.record({ name: fc.constantFrom("a", "with_a", "with_a_1"), functionName: fc.constant("a"), namespace: fc.constantFrom(undefined, null, "p") }),
    );
    const owner = fc.oneof(fc.constant<StepNameOwner>("pipe-step"), fc.constant<StepNameOwner>(node("a node")));
    const takenName = fc.constantFrom<string>("f.with_a", "f.with_a_1", "with_a", "p.with_b", "f.a", "a");
    fc.assert(
      fc.property(fc.array(request, { maxLength: 6 }), fc.array(fc.tuple(takenName, owner), { maxLength: 4 }), (steps, taken) => {
        const owners = new Map(taken);
        const result = nameSteps(steps, { prefix: "f", from: "f.raw", taken: owners });
        if (result.collision !== undefined) {
          const { step, name } = result.collision;
          const earlier = nameSteps(steps.slice(0, step), { prefix: "f", from: "f.raw", taken: owners }).names ?? [];
          expect(owners.has(name) || earlier.includes(name)).toBe(true);
          return;
        }
        expect(new Set(result.names).size).toBe(steps.length);
        for (const name of result.names) expect(owners.has(name) || name === "f.raw").toBe(false);
      }),
    );
  });
});

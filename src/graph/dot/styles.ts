/** How each kind of node is drawn, so a reader tells them apart at a glance and in the legend. */
export type DrawnKind = "function" | "variant" | "helper" | "io" | "expand" | "collect" | "input" | "missing" | "config" | "output" | "override" | "save" | "load" | "combine";

export const STYLES: Readonly<Record<DrawnKind, Readonly<Record<string, string>>>> = {
  function: { shape: "box", style: "rounded,filled", fillcolor: "#b4d8e4" },
  variant: { shape: "box", style: "rounded,filled", fillcolor: "#d7ecf2" },
  helper: { shape: "box", style: "rounded,dashed", color: "#7f8c8d", fontcolor: "#555555", fontsize: "9" },
  io: { shape: "cylinder", style: "filled", fillcolor: "#e3eef7" },
  expand: { shape: "box", style: "rounded,filled", fillcolor: "#b4d8e4", peripheries: "2", color: "#2e7d32" },
  collect: { shape: "box", style: "rounded,filled", fillcolor: "#b4d8e4", peripheries: "2", color: "#c62828" },
  input: { shape: "parallelogram", style: "dashed" },
  missing: { shape: "parallelogram", style: "dashed,bold", color: "#c0392b", fontcolor: "#c0392b" },
  config: { shape: "note", style: "filled", fillcolor: "#f3f3f3" },
  output: { shape: "box", style: "rounded,filled", fillcolor: "#ffc857" },
  override: { shape: "box", style: "rounded,filled,diagonals", fillcolor: "#e8d5f2" },
  // A materialization's files: where it writes, where it reads, and the join of a combined save.
  save: { shape: "cylinder", style: "filled,bold", fillcolor: "#f9c5a0", color: "#a04000" },
  load: { shape: "cylinder", style: "filled", fillcolor: "#c8e6c9", color: "#2e7d32" },
  combine: { shape: "invhouse", style: "filled", fillcolor: "#fff3c4" },
};

export const LEGEND_LABELS: Readonly<Record<DrawnKind, string>> = {
  function: "function",
  variant: "config variant",
  helper: "modifier step",
  io: "load / save",
  expand: "parallelizable (items)",
  collect: "collect (gathers items)",
  input: "input",
  missing: "missing input",
  config: "config",
  output: "output",
  override: "override",
  save: "save to file",
  load: "load from file",
  combine: "combined save (result builder)",
};

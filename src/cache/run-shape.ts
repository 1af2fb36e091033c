/**
 * The shape of a planned run as the cache reads it: which slots are given, which steps run and
 * what each reads. The cache declares only this, so it never depends on the driver's planner;
 * the driver's plan satisfies it as is.
 */
export interface RunShape {
  readonly slotCount: number;
  /** Slots filled before running (inputs, overrides, config) and their node names. */
  readonly givenSlots: Int32Array;
  readonly givenNames: readonly string[];
  /** Per step: its node's name, its graph index, its slot, and the slots and names of its arguments. */
  readonly stepNames: readonly string[];
  readonly stepNodes: Int32Array;
  readonly stepSlots: Int32Array;
  readonly stepArguments: readonly Int32Array[];
  readonly stepArgumentNames: readonly (readonly string[])[];
  /** The requested outputs' slots, and per slot the step that computes it (-1: given). */
  readonly outputSlots: Int32Array;
  readonly producerOfSlot: Int32Array;
}

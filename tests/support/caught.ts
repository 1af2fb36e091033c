import { FuncflowError } from "../../src/errors.ts";

/** The FuncflowError `run` throws; any other outcome fails the test. */
export function caught(run: () => unknown): FuncflowError {
  try {
    run();
  } catch (error) {
    if (error instanceof FuncflowError) return error;
    throw error;
  }
  throw new Error("expected a FuncflowError, but nothing was thrown");
}

import { FuncflowError } from "../../src/errors/index.ts";

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

/** The FuncflowError `promise` rejects with; resolving, or rejecting with anything else, fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<FuncflowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FuncflowError) return error;
    throw error;
  }
  throw new Error("expected a FuncflowError, but the promise resolved");
}

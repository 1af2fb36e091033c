// Serving a pipeline over HTTP: validated JSON and Arrow IPC operations with an OpenAPI 3.1 document read from the code.
export { serve } from "./serve.ts";
export type { RunningService } from "./serve.ts";
export { createServeApp } from "./create-serve-app.ts";
export type { ServableDriver } from "./create-serve-app.ts";
export type { ServeOptions } from "./serve-options.ts";
export { SERVE_DEFAULTS, SERVE_OPTION_KEYS } from "./serve-options.ts";
export { planService } from "./service-plan.ts";
export type { ServicePlan, ServedOutput } from "./service-plan.ts";
export { errorResponse, validationDetails, ServeRefusal, MAX_DETAILS } from "./error-response.ts";
export type { ErrorBody, ErrorDetail } from "./error-response.ts";
export { ARROW_STREAM } from "./arrow-wire.ts";
export { valueFromJson } from "./values-from-json.ts";
export { valueToJson } from "./value-to-json.ts";

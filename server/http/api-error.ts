import "server-only";

export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "conflict_error"
  | "memory_precondition_failed_error"
  | "memory_path_conflict_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

const statusOf: Record<ErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  memory_precondition_failed_error: 409,
  memory_path_conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 503,
};

/** A failure the caller can act on; the API turns it into the error envelope. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = statusOf[type];
  }

  toEnvelope() {
    return { type: "error" as const, error: { type: this.type, message: this.message, ...this.extra } };
  }
}

export const badRequest = (message: string) => new ApiError("invalid_request_error", message);
export const notFound = (what: string) => new ApiError("not_found_error", `${what} not found`);
export const forbidden = (message: string) => new ApiError("permission_error", message);

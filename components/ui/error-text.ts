/** A readable message from whatever a failed request threw. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : error ? String(error) : null);

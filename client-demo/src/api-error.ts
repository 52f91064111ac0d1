/** An error answer of the API: its HTTP status, stable code and message (its own file so that messages.ts needs no import of api.ts). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// The media type of a Content-Type header, without parameters.

/** `application/json` of `application/json; charset=utf-8`, lower-cased; '' when there is no header. */
export const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();

import { z } from 'zod';

/** What `nonBlankText` says of a value that is not a string or is only spaces. */
export const nonBlankMessage = 'must be a non-empty string';
/** What `isoInstant` says of a value that is not a string or does not read as a time. */
export const isoInstantMessage = 'must be an ISO date-time';

/** A string with something besides spaces. */
export function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A string `Date.parse` reads as a time. */
export function isIsoInstant(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}

/** A payload field of text with something besides spaces, kept as given (`nonBlankMessage` otherwise). */
export const nonBlankText = z.string({ error: nonBlankMessage }).refine(isNonBlank, nonBlankMessage);

/** A payload field holding a time as an ISO date-time string, kept as given (`isoInstantMessage` otherwise). */
export const isoInstant = z.string({ error: isoInstantMessage }).refine(isIsoInstant, isoInstantMessage);

/** Unix seconds, as jbuilder's `.to_i` prints times. */
export const unix = (ms: number): number => Math.floor(ms / 1000);

/** `nil.to_i` is 0 in Ruby, which is why unset times show up as 0 in REST views. */
export const unixOrZero = (ms: number | null): number => (ms === null ? 0 : unix(ms));

export const unixOrNull = (ms: number | null): number | null => (ms === null ? null : unix(ms));

/** Rails' JSON encoding of a datetime (millisecond precision, UTC). */
export const iso = (ms: number): string => new Date(ms).toISOString();

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

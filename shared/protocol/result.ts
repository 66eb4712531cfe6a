/** The outcome of decoding remote input: a value, or what is wrong with it. Never a throw. */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function accept<T>(value: T): Decoded<T> {
  return { ok: true, value };
}

export function reject<T>(error: string): Decoded<T> {
  return { ok: false, error };
}

import type { ValueTransformer } from 'typeorm';

/** PostgreSQL `numeric` arrives as a string (to keep precision); prices fit a JS number comfortably. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};

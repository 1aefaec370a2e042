import { InvalidArgumentError } from 'commander';

/** A commander option parser for a whole number within bounds (a usage error naming them otherwise). */
export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return n;
  };
}

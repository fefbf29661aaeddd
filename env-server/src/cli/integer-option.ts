// One integer flag value of a command line: absent → the fallback; otherwise a whole number ≥ min, or an error that
// names the flag and the bad value.

export function integerOption(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new Error(`--${name} must be an integer ≥ ${min}, got '${text}'`);
  }
  return Number(text);
}

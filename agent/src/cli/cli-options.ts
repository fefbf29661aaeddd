// Small parsers shared by the agent's CLI commands: each rejects a bad value with a message naming the flag,
// the value and what is allowed.

export class UsageError extends Error {}

export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag}: unknown value '${value}'; valid choices: ${choices.join(', ')}`);
  }
  return value as T;
}

export function parseChoiceList<T extends string>(flag: string, value: string, choices: readonly T[]): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`--${flag}: empty list; valid choices: ${choices.join(', ')}`);
  return [...new Set(items.map((v) => parseChoice(flag, v, choices)))];
}

export function parseInteger(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${flag}: '${value}' is not an integer >= ${min}`);
  }
  return n;
}

export function parseIntegerList(flag: string, value: string, min: number): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (!value.trim()) throw new UsageError(`--${flag}: empty list; give integers >= ${min} such as 256,256`);
  return items.map((v) => parseInteger(flag, v, min));
}

export function parsePositive(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag}: '${value}' is not a positive number`);
  return n;
}

export function parsePositiveList(flag: string, value: string): number[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`--${flag}: empty list; give positive numbers such as 5,1,0.5`);
  return items.map((v) => parsePositive(flag, v));
}

/** Runs a command body, turning usage errors and parseArgs errors into a message and exit code 2. */
export async function runCommand(name: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`qflow ${name}: ${e.message}\nrun 'qflow ${name} --help' for the options`);
      return 2;
    }
    console.error(`qflow ${name}: ${e.message}`);
    return 1;
  }
}

// How reports name the agent kinds of `--agent` / `--agents`.
const AGENT_NAMES: Record<string, string> = { qflow: 'Q-Flow', bc: 'flow BC', fql: 'FQL', bptt: 'BPTT' };

export const agentName = (kind: string): string => AGENT_NAMES[kind] ?? kind;

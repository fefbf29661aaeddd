// The maze layouts of OGBench's locomotion tasks (docs/environments.md#maze-maps). Row i grows with +y, column j with
// +x; 1 = wall.

export const MAZE_NAMES = ['arena', 'medium', 'large', 'giant', 'teleport'] as const;
export type MazeName = (typeof MAZE_NAMES)[number];

export type MazeMap = readonly (readonly (0 | 1)[])[];

function parse(rows: readonly string[]): MazeMap {
  return rows.map((row) => row.split('').map((c) => (c === '1' ? 1 : 0)));
}

const MAPS: Record<MazeName, MazeMap> = {
  arena: parse([
    '11111111',
    '10000001',
    '10000001',
    '10000001',
    '10000001',
    '10000001',
    '10000001',
    '11111111',
  ]),
  medium: parse([
    '11111111',
    '10011001',
    '10010001',
    '11000111',
    '10010001',
    '10100101',
    '10001001',
    '11111111',
  ]),
  large: parse([
    '111111111111',
    '100001000001',
    '101101010101',
    '100000010001',
    '101111011101',
    '100101000001',
    '110101010111',
    '100100010001',
    '111111111111',
  ]),
  giant: parse([
    '1111111111111111',
    '1010000001100001',
    '1010110101001101',
    '1000100100010001',
    '1011101111110101',
    '1000100010000101',
    '1110101001010111',
    '1000100100010001',
    '1010101111110101',
    '1011100010001101',
    '1000001000100001',
    '1111111111111111',
  ]),
  teleport: parse([
    '111111111111',
    '100000101001',
    '110100010011',
    '110111000001',
    '100001010101',
    '101101010101',
    '101101010101',
    '100001000101',
    '111111111111',
  ]),
};

export function mazeMap(name: MazeName): MazeMap {
  return MAPS[name];
}

export function isMazeName(name: string): name is MazeName {
  return (MAZE_NAMES as readonly string[]).includes(name);
}

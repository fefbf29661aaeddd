// A tiny typed element tree for writing MJCF (MuJoCo's XML model format) from code.

/** An attribute value: numbers and number lists are written in shortest round-trip form. */
export type MjcfValue = string | number | boolean | readonly number[];
export type MjcfAttributes = Readonly<Record<string, MjcfValue | undefined>>;

function formatValue(value: MjcfValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  return value.map(formatNumber).join(' ');
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`MJCF attribute got a non-finite number: ${n}`);
  return String(n);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One MJCF element: tag, attributes (undefined ones are omitted) and child elements. */
export class MjcfElement {
  readonly children: MjcfElement[];

  constructor(
    readonly tag: string,
    readonly attributes: MjcfAttributes = {},
    children: readonly MjcfElement[] = [],
  ) {
    this.children = [...children];
  }

  /** Appends children and returns this element (for chaining). */
  add(...children: MjcfElement[]): this {
    this.children.push(...children);
    return this;
  }

  /** The first descendant (depth first, this element included) with the given tag and, if given, name. */
  find(tag: string, name?: string): MjcfElement | undefined {
    if (this.tag === tag && (name === undefined || this.attributes['name'] === name)) return this;
    for (const child of this.children) {
      const hit = child.find(tag, name);
      if (hit) return hit;
    }
    return undefined;
  }

  toXml(indent = ''): string {
    const attrs = Object.entries(this.attributes)
      .filter((entry): entry is [string, MjcfValue] => entry[1] !== undefined)
      .map(([key, value]) => ` ${key}="${escapeXml(formatValue(value))}"`)
      .join('');
    if (this.children.length === 0) return `${indent}<${this.tag}${attrs}/>`;
    const inner = this.children.map((child) => child.toXml(indent + '  ')).join('\n');
    return `${indent}<${this.tag}${attrs}>\n${inner}\n${indent}</${this.tag}>`;
  }
}

/** Shorthand constructor: `el('body', { name: 'torso' }, el('geom', {...}))`. */
export function el(tag: string, attributes: MjcfAttributes = {}, ...children: MjcfElement[]): MjcfElement {
  return new MjcfElement(tag, attributes, children);
}

type Vec3 = readonly [number, number, number];

export type GeomAttributes = {
  name?: string;
  type?: 'plane' | 'sphere' | 'capsule' | 'ellipsoid' | 'cylinder' | 'box';
  size?: readonly number[];
  pos?: Vec3;
  fromto?: readonly [number, number, number, number, number, number];
  contype?: number;
  conaffinity?: number;
  condim?: number;
  priority?: number;
  friction?: readonly number[];
  margin?: number;
  solref?: readonly number[];
  solimp?: readonly number[];
  density?: number;
  mass?: number;
  rgba?: readonly [number, number, number, number];
  class?: string;
};

export type JointAttributes = {
  name?: string;
  type?: 'free' | 'ball' | 'slide' | 'hinge';
  pos?: Vec3;
  axis?: Vec3;
  range?: readonly [number, number];
  limited?: boolean;
  armature?: number;
  damping?: number;
  stiffness?: number;
  margin?: number;
  class?: string;
};

export type BodyAttributes = {
  name?: string;
  pos?: Vec3;
  quat?: readonly [number, number, number, number];
  childclass?: string;
};

export type MotorAttributes = {
  name?: string;
  joint: string;
  gear: number;
  ctrlrange?: readonly [number, number];
  ctrllimited?: boolean;
};

export type OptionAttributes = {
  timestep?: number;
  integrator?: 'Euler' | 'RK4' | 'implicit' | 'implicitfast';
  cone?: 'pyramidal' | 'elliptic';
  impratio?: number;
  iterations?: number;
  tolerance?: number;
  gravity?: Vec3;
};

export const geom = (a: GeomAttributes): MjcfElement => el('geom', a);
export const joint = (a: JointAttributes): MjcfElement => el('joint', a);
export const body = (a: BodyAttributes, ...children: MjcfElement[]): MjcfElement => el('body', a, ...children);
export const motor = (a: MotorAttributes): MjcfElement => el('motor', a);
export const option = (a: OptionAttributes): MjcfElement => el('option', a);

/**
 * Hybrid logical clock. A timestamp is a string that sorts lexicographically in causal order:
 *   `<wall ms, 15 digits>.<counter, 5 digits>.<device>~<instance>`
 * Equal wall time and counter break on the device id (then the instance), so every replica
 * orders concurrent writes the same way.
 */
export interface Hlc {
  wall: number;
  counter: number;
  node: string;
}

export function formatHlc(h: Hlc): string {
  return `${String(h.wall).padStart(15, '0')}.${String(h.counter).padStart(5, '0')}.${h.node}`;
}

const HLC_RE = /^(\d{15})\.(\d{5})\.(.+)$/;

export function parseHlc(s: string): Hlc | null {
  const m = HLC_RE.exec(s);
  if (!m) return null;
  return { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

export function isHlc(s: unknown): s is string {
  return typeof s === 'string' && HLC_RE.test(s);
}

/** The device id part of an HLC's node (`device~instance`). */
export function hlcDevice(s: string): string {
  const node = parseHlc(s)?.node ?? '';
  const i = node.lastIndexOf('~');
  return i >= 0 ? node.slice(0, i) : node;
}

/** A clock for one writer. `tick()` for a local event, `observe()` when a remote timestamp is seen. */
export class HlcClock {
  private wall = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly now: () => number = Date.now,
  ) {}

  tick(): string {
    const t = this.now();
    if (t > this.wall) {
      this.wall = t;
      this.counter = 0;
    } else {
      this.counter += 1;
      if (this.counter > 99999) {
        this.wall += 1;
        this.counter = 0;
      }
    }
    return formatHlc({ wall: this.wall, counter: this.counter, node: this.node });
  }

  observe(remote: string): void {
    const r = parseHlc(remote);
    if (!r) return;
    if (r.wall > this.wall || (r.wall === this.wall && r.counter > this.counter)) {
      this.wall = r.wall;
      this.counter = r.counter;
    }
  }
}

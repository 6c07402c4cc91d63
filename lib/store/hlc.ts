/**
 * Hybrid logical clock. A timestamp is a string that sorts lexicographically in causal order:
 *   `<wall ms, 15 digits>.<counter, 5 digits>.<device>~<instance>`
 * Equal wall time and counter break on the device id (then the instance), so every replica
 * orders concurrent writes the same way.
 *
 * Trust: a clock from storage or from another device is only believed up to `maxSkewMs` ahead of
 * local time (DEFAULT_MAX_SKEW_MS, a setting). One device with a clock set years ahead would
 * otherwise drag every clock that observes it into the future (its writes would win every merge
 * for years) or past the 15-digit format (every later write invalid). `checkSkew` is the one test,
 * shared by the store and the team sync engine; `HlcClock` never produces a value outside its format.
 */
export interface Hlc {
  wall: number;
  counter: number;
  node: string;
}

/** How far ahead of local time a clock may be before it is refused (1 hour; `Settings.maxClockSkewMinutes`). */
export const DEFAULT_MAX_SKEW_MS = 60 * 60 * 1000;
/** The largest wall time the format can hold (15 digits). */
export const MAX_WALL = 999_999_999_999_999;
export const MAX_COUNTER = 99_999;

export class HlcRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HlcRangeError';
  }
}

export function formatHlc(h: Hlc): string {
  if (!Number.isSafeInteger(h.wall) || h.wall < 0 || h.wall > MAX_WALL) throw new HlcRangeError(`clock wall time ${h.wall} does not fit the 15-digit format`);
  if (!Number.isSafeInteger(h.counter) || h.counter < 0 || h.counter > MAX_COUNTER) throw new HlcRangeError(`clock counter ${h.counter} does not fit the 5-digit format`);
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

export type SkewCheck = { ok: true } | { ok: false; aheadMs: number; reason: string };

/**
 * Is this clock value believable at local time `now` (epoch ms)? Refused when it is not an HLC or
 * its wall time is more than `boundMs` ahead of `now`. Pure; the sync engine calls it on every
 * remote op before applying it (and quarantines the op with `reason` when it is refused).
 */
export function checkSkew(hlc: string, now: number, boundMs: number = DEFAULT_MAX_SKEW_MS): SkewCheck {
  const h = parseHlc(hlc);
  if (!h) return { ok: false, aheadMs: 0, reason: `"${hlc.slice(0, 40)}" is not a clock value` };
  const aheadMs = h.wall - now;
  if (aheadMs > boundMs) {
    return { ok: false, aheadMs, reason: `its clock is ${describeAhead(aheadMs)} ahead of this device's time (at most ${describeAhead(boundMs)} is accepted): was it written on a device with a wrong clock?` };
  }
  return { ok: true };
}

/** An instant (ISO string) more than `boundMs` ahead of `now`: the same rule for dates a device stamps (note times, snapshot times). */
export function isInstantAhead(iso: string, now: number, boundMs: number = DEFAULT_MAX_SKEW_MS): boolean {
  const t = Date.parse(iso);
  return Number.isFinite(t) && t - now > boundMs;
}

function describeAhead(ms: number): string {
  const h = ms / 3_600_000;
  if (h >= 48) return `${Math.round(h / 24).toLocaleString('en')} days`;
  if (h >= 1) return `${Math.round(h * 10) / 10} h`;
  return `${Math.max(1, Math.round(ms / 60000))} min`;
}

/** A clock for one writer. `tick()` for a local event, `observe()` when a remote timestamp is seen. */
export class HlcClock {
  private wall = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly now: () => number = Date.now,
    private readonly maxSkewMs: number | (() => number) = DEFAULT_MAX_SKEW_MS,
  ) {}

  /** The next timestamp. Throws HlcRangeError (never a malformed value) when local time is outside the format. */
  tick(): string {
    const t = this.now();
    if (!Number.isSafeInteger(t) || t < 0 || t > MAX_WALL) throw new HlcRangeError(`this device's time (${t}) cannot be stamped`);
    if (t > this.wall) {
      this.wall = t;
      this.counter = 0;
    } else if (this.counter < MAX_COUNTER) {
      this.counter += 1;
    } else {
      if (this.wall >= MAX_WALL) throw new HlcRangeError('the clock reached the end of its format');
      this.wall += 1;
      this.counter = 0;
    }
    return formatHlc({ wall: this.wall, counter: this.counter, node: this.node });
  }

  /**
   * Take a timestamp seen elsewhere into account (so the next tick sorts after it). A value further
   * ahead of local time than the bound is refused (returns false): it must not drag this clock along.
   */
  observe(remote: string): boolean {
    const r = parseHlc(remote);
    if (!r) return false;
    if (!checkSkew(remote, this.now(), typeof this.maxSkewMs === 'function' ? this.maxSkewMs() : this.maxSkewMs).ok) return false;
    if (r.wall > this.wall || (r.wall === this.wall && r.counter > this.counter)) {
      this.wall = r.wall;
      this.counter = r.counter;
    }
    return true;
  }
}

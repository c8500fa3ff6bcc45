/**
 * Seeded pseudo-random numbers (sensor noise in the emulator, job streams in the
 * constellation model), so runs and tests are reproducible.
 * mulberry32 (Tommy Ettinger, public domain, 2017): 32-bit state, period 2^32.
 */
export type Prng = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Prng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal sample (Box-Muller). */
export function gaussian(prng: Prng): number {
  const u = Math.max(prng(), 1e-12);
  const v = prng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

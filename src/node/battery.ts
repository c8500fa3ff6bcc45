/**
 * Battery helpers. SoC-OCV: NMC-type cell, linearly interpolated from Samsung INR21700-40T
 * pseudo-OCV breakpoints (Sunil et al., IEEE TIM 2025), as tabulated in docs/physics.md §6.
 */

/** Cell open-circuit voltage at SoC 0, 0.1, ..., 1.0, V. */
export const OCV_TABLE_V = [
  2.5, 3.348, 3.487, 3.588, 3.658, 3.74, 3.836, 3.932, 4.029, 4.09, 4.2,
] as const;

/** Cell OCV at a state of charge (clamped to 0..1), V. */
export function cellOcvV(socFraction: number): number {
  const x = Math.max(0, Math.min(1, socFraction)) * 10;
  const i = Math.min(9, Math.floor(x));
  const v0 = OCV_TABLE_V[i]!;
  const v1 = OCV_TABLE_V[i + 1]!;
  return v0 + (v1 - v0) * (x - i);
}

/** SoC from a cell OCV (inverse of cellOcvV; the table is strictly increasing). */
export function socFromOcv(ocvV: number): number {
  if (ocvV <= OCV_TABLE_V[0]) return 0;
  for (let i = 0; i < 10; i++) {
    const v0 = OCV_TABLE_V[i]!;
    const v1 = OCV_TABLE_V[i + 1]!;
    if (ocvV <= v1) return (i + (ocvV - v0) / (v1 - v0)) / 10;
  }
  return 1;
}

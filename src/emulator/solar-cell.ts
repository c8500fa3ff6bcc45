/**
 * Single-diode model of a PV panel, solved for its operating point against a resistive
 * load.
 *
 *   I = Iph - I0 * (exp((V + I*Rs) / (n*Ns*Vt)) - 1) - (V + I*Rs) / Rsh
 *
 * Parameters from the datasheet point (Voc, Isc at 1000 W/m2, 25 C) as in
 * M. G. Villalva, J. R. Gazoli, E. Ruppert, "Comprehensive approach to modeling and
 * simulation of photovoltaic arrays", IEEE Trans. Power Electronics 24(5), 2009:
 * - Iph = (Isc,n + Ki*dT) * G / Gn, with Isc,n corrected by (Rs + Rsh) / Rsh (eq. 4);
 * - I0 = (Isc,n + Ki*dT) / (exp((Voc,n + Kv*dT) / (n*Ns*Vt)) - 1) (eq. 7), which makes
 *   Voc follow its temperature coefficient Kv and drop logarithmically with irradiance;
 * - Vt = k*T/q, the thermal voltage of the cells at panel temperature T.
 * The operating point is solved in the junction voltage Vj = V + I*Rs, where I(Vj) is
 * explicit and the residual against the load is monotonic: Newton steps, kept inside a
 * bracket that shrinks every iteration, with bisection when a step leaves it.
 */

const K_BOLTZMANN = 1.380649e-23;
const Q_ELECTRON = 1.602176634e-19;
const T_REF_C = 25;
const G_REF_WM2 = 1000;

export interface PanelParams {
  vocV: number;
  iscA: number;
  cellsInSeries: number;
  ideality: number;
  seriesOhms: number;
  shuntOhms: number;
  vocTempCoeffPerC: number;
  iscTempCoeffPerC: number;
}

export interface OperatingPoint {
  /** Panel terminal voltage, V. */
  voltageV: number;
  /** Panel current, A. */
  currentA: number;
  powerW: number;
}

interface DiodeState {
  iph: number;
  i0: number;
  a: number;
  rs: number;
  rsh: number;
}

function diode(p: PanelParams, irradianceWm2: number, tempC: number): DiodeState {
  const tK = tempC + 273.15;
  const a = p.ideality * p.cellsInSeries * ((K_BOLTZMANN * tK) / Q_ELECTRON);
  const dT = tempC - T_REF_C;
  const isc = p.iscA * (1 + p.iscTempCoeffPerC * dT);
  const voc = p.vocV * (1 + p.vocTempCoeffPerC * dT);
  const iph =
    ((isc * (p.seriesOhms + p.shuntOhms)) / p.shuntOhms) * (Math.max(0, irradianceWm2) / G_REF_WM2);
  const i0 = isc / Math.expm1(voc / a);
  return { iph, i0, a, rs: p.seriesOhms, rsh: p.shuntOhms };
}

/** Panel current at junction voltage vj, and its derivative. */
function currentAtJunction(d: DiodeState, vj: number): [number, number] {
  const e = Math.exp(vj / d.a);
  return [d.iph - d.i0 * (e - 1) - vj / d.rsh, (-d.i0 * e) / d.a - 1 / d.rsh];
}

/**
 * Operating point against a load of `loadOhms` (Infinity: open circuit; 0: short).
 * Always converges: the residual is strictly decreasing in the junction voltage.
 */
export function solveOperatingPoint(
  p: PanelParams,
  irradianceWm2: number,
  tempC: number,
  loadOhms: number,
): OperatingPoint {
  const d = diode(p, irradianceWm2, tempC);
  const g = Number.isFinite(loadOhms) ? 1 / Math.max(loadOhms, 1e-9) : 0;
  // Residual: current the cell pushes minus the current the load takes at V = vj - I*rs.
  const residual = (vj: number): [number, number] => {
    const [i, di] = currentAtJunction(d, vj);
    return [i - g * (vj - i * d.rs), di - g * (1 - di * d.rs)];
  };
  let lo = 0;
  let hi = d.a * Math.log(d.iph / d.i0 + 1) + 1e-3; // the diode alone would pass Iph here
  if (residual(lo)[0] <= 0) return { voltageV: 0, currentA: 0, powerW: 0 };
  while (residual(hi)[0] > 0) hi *= 1.5;
  let vj = (lo + hi) / 2;
  for (let iter = 0; iter < 100; iter++) {
    const [f, df] = residual(vj);
    if (f > 0) lo = vj;
    else hi = vj;
    let next = df < 0 ? vj - f / df : (lo + hi) / 2;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - vj) < 1e-12 || hi - lo < 1e-12) {
      vj = next;
      break;
    }
    vj = next;
  }
  const [i] = currentAtJunction(d, vj);
  const currentA = Math.max(0, i);
  const voltageV = Math.max(0, vj - currentA * d.rs);
  return { voltageV, currentA, powerW: voltageV * currentA };
}

/** Short-circuit current, open-circuit voltage and maximum power point (golden-section on V). */
export function panelCharacteristics(
  p: PanelParams,
  irradianceWm2: number,
  tempC: number,
): { iscA: number; vocV: number; mpp: OperatingPoint } {
  const isc = solveOperatingPoint(p, irradianceWm2, tempC, 0).currentA;
  const voc = solveOperatingPoint(p, irradianceWm2, tempC, Number.POSITIVE_INFINITY).voltageV;
  // Power as a function of load resistance is unimodal; search log(R).
  let a = Math.log(1e-2);
  let b = Math.log(1e6);
  const phi = (Math.sqrt(5) - 1) / 2;
  const pw = (x: number) => solveOperatingPoint(p, irradianceWm2, tempC, Math.exp(x)).powerW;
  for (let i = 0; i < 80; i++) {
    const c = b - phi * (b - a);
    const e = a + phi * (b - a);
    if (pw(c) > pw(e)) b = e;
    else a = c;
  }
  return {
    iscA: isc,
    vocV: voc,
    mpp: solveOperatingPoint(p, irradianceWm2, tempC, Math.exp((a + b) / 2)),
  };
}

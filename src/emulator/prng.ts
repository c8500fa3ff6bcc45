/** The seeded generator now lives in core (the constellation's workload uses it too). */
export * from "../core/prng.js";

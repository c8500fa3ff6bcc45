/**
 * Scheduler: the policy named in the rig file plus the thermal guard, with the memory
 * both need carried from step to step by the caller (state in, state out).
 */
import type { PolicyName, SchedulerConfig } from "../config/schema/scheduler.js";
import { createPolicy } from "./policies.js";
import { thermalCap } from "./thermal-guard.js";
import type { Policy, PolicyContext, SchedulerMemory, SchedulerObservation } from "./types.js";

export interface SchedulerDecision {
  /** Compute level to ask of the node, 0..1. */
  level: number;
  memory: SchedulerMemory;
}

export class Scheduler {
  readonly policy: Policy;

  constructor(
    readonly config: SchedulerConfig,
    readonly context: PolicyContext,
    policyName: PolicyName = config.policy,
  ) {
    this.policy = createPolicy(policyName, config, context);
  }

  decide(obs: Readonly<SchedulerObservation>, memory: SchedulerMemory): SchedulerDecision {
    const policyLevel = this.policy.level(obs, memory.policyLevel);
    const cap = thermalCap(this.config.thermalGuard, obs.nodeTempC, memory.thermalCap);
    return { level: Math.min(policyLevel, cap), memory: { policyLevel, thermalCap: cap } };
  }
}

/** The planning constants of a node (structurally a NodeParams). */
export function policyContext(p: {
  capacityJ: number;
  floorJ: number;
  etaCharge: number;
  etaDischarge: number;
  maxChargeW: number;
  avionicsW: number;
  computeIdleW: number;
  computeFullW: number;
}): PolicyContext {
  return {
    capacityJ: p.capacityJ,
    floorJ: p.floorJ,
    etaCharge: p.etaCharge,
    etaDischarge: p.etaDischarge,
    maxChargeW: p.maxChargeW,
    baseLoadW: p.avionicsW + p.computeIdleW,
    computeSpanW: p.computeFullW - p.computeIdleW,
  };
}

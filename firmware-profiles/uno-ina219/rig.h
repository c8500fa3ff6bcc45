/*
 * State shared by the sketch's parts: outputs, safety latches, telemetry settings and
 * the INA219 channels. One instance, `rig`, defined in uno-ina219.ino.
 */
#ifndef ORBITRIG_RIG_H
#define ORBITRIG_RIG_H

#include <stdint.h>
#include "config.h"
#include "ina219.h"
#include "link.h"
#include "protocol.h"

/* Worst-case telemetry line on the wire, terminator included: 51 fixed bytes
 * ("$T" + seq 10 + ms 10 + flags 4 + two temperatures of at most 5 characters +
 * lamp 3 + load 3 + channel count 1 + separators), 36 per channel (bus 5, shunt 7,
 * current 10, power 10 + separators), "*CCCC" 5, "\r\n" 2. Four channels: 202. */
#define TELEMETRY_WORST_BYTES(channels) (58 + 36 * (channels))
/* Telemetry may use 80 % of the link; the rest is for ACK, NAK and events. */
#define TELEMETRY_BUDGET_BYTES_PER_S (LINK_BAUD / 10 * 4 / 5)
#define TELEMETRY_LINK_MAX_HZ (TELEMETRY_BUDGET_BYTES_PER_S / TELEMETRY_WORST_BYTES(INA_CHANNEL_COUNT))
/* Reading the INA219s dominates a frame's CPU time: about 1.35 ms per channel at
 * 400 kHz I2C (4 registers, Wire's interrupt-driven transfers) plus 0.6 ms for the
 * rest, measured in avr8js with the I2C bus timed at 400 kHz. Keep 10 % spare. */
#define TELEMETRY_FRAME_COST_US(channels) (600UL + 1350UL * (channels))
#define TELEMETRY_CPU_MAX_HZ (900000UL / TELEMETRY_FRAME_COST_US(INA_CHANNEL_COUNT))
#define TELEMETRY_MIN3(a, b, c) ((a) < (b) ? ((a) < (c) ? (a) : (c)) : ((b) < (c) ? (b) : (c)))
#define TELEMETRY_MAX_HZ TELEMETRY_MIN3(TELEMETRY_LINK_MAX_HZ, TELEMETRY_CPU_MAX_HZ, LIMIT_RATE_HZ_MAX)

struct Rig {
  uint8_t lamp;
  uint8_t load;
  uint16_t rateHz;
  uint16_t watchdogMs;
  int16_t overTempC100;
  /** Host watchdog armed: a valid command has arrived since boot. */
  bool hostSeen;
  bool hostLost;
  uint32_t lastHostMs;
  bool overTempCut;
  bool safeMode;
  bool txOverrun;
  bool i2cError;
  bool rescheduleTelemetry;
  InaChannel ina[INA_CHANNEL_COUNT];
};

extern Rig rig;

/** Drives the lamp and load pins from rig.lamp / rig.load. */
void applyOutputs(void);
void sendEvent(const char *kind, const char *arg);
void sendEventInt(const char *kind, int32_t arg);
void sendHello(void);
void markSensorLost(uint8_t channel);
/** Reads received bytes and answers every complete command line. */
void commandsPoll(uint32_t nowMs);

#endif

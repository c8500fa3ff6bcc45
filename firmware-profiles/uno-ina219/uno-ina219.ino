/*
 * orbitrig uno-ina219: desk-rig firmware for an Arduino Uno/Nano (ATmega328P) that
 * speaks orbitrig line protocol v1 (docs/protocol.md, constants in protocol.h).
 *
 * It reads one to four INA219s (config.h), a TMP36 or NTC on the solar panel and the
 * MCU's own temperature; drives the lamp (the Sun) and a compute load by PWM; streams
 * telemetry; and keeps the rig safe by itself:
 *   - everything is off at boot until the host says otherwise (safe-mode flag);
 *   - host watchdog: no valid command for rig.watchdogMs -> lamp and load off,
 *     EVT HOSTLOST; EVT HOSTBACK when the host returns;
 *   - over-temperature cut on the panel temperature, with hysteresis;
 *   - the AVR watchdog resets a hung firmware (EVT BOOT reports the reset cause).
 * When there is nothing to do the loop sleeps (SLEEP_MODE_IDLE) until the next
 * interrupt: the millis() tick, a received byte, or the transmitter.
 */
#include <Wire.h>
#include <avr/eeprom.h>
#include <avr/wdt.h>
#include "config.h"
#include "ina219.h"
#include "link.h"
#include "protocol.h"
#include "rig.h"
#include "temperature.h"

Rig rig;

// MCUSR survives here from reset to setup(). The register must be cleared and the
// watchdog stopped before anything else: after a watchdog reset it stays enabled with
// the shortest timeout (avr-libc <avr/wdt.h>, "Note on WDT after reset").
uint8_t resetFlags __attribute__((section(".noinit")));
void captureResetFlags(void) __attribute__((naked, used, section(".init3")));
void captureResetFlags(void) {
  resetFlags = MCUSR;
  MCUSR = 0;
  wdt_disable();
}

static const char *const ROLE[4] = {INA_CH0_ROLE, INA_CH1_ROLE, INA_CH2_ROLE, INA_CH3_ROLE};
static const uint8_t ADDRESS[4] = {INA_CH0_ADDR, INA_CH1_ADDR, INA_CH2_ADDR, INA_CH3_ADDR};
static const uint16_t PROBE_PERIOD_MS = 1000;

static uint32_t seq;
static uint32_t nextFrameMs;
static uint16_t frameRemainder;
static uint32_t lastProbeMs;

void applyOutputs(void) {
#if LAMP_PWM
  analogWrite(PIN_LAMP, rig.lamp);
#else
  digitalWrite(PIN_LAMP, rig.lamp > 0 ? HIGH : LOW);
#endif
  analogWrite(PIN_LOAD, rig.load);
}

static void eventHead(LineOut &out, const char *kind) {
  out.begin(MSG_EVENT);
  out.fieldUint(millis());
  out.field(kind);
}

void sendEvent(const char *kind, const char *arg) {
  LineOut &out = txLine;
  eventHead(out, kind);
  out.field(arg);
  linkSendBlocking(out);
}

void sendEventInt(const char *kind, int32_t arg) {
  LineOut &out = txLine;
  eventHead(out, kind);
  out.fieldInt(arg);
  linkSendBlocking(out);
}

static void sendError(const char *code, const char *detail) {
  LineOut &out = txLine;
  out.begin(MSG_ERROR);
  out.fieldUint(millis());
  out.field(code);
  out.field(detail);
  linkSendBlocking(out);
}

/** EVT arg naming a channel: "<index>:<address hex>", e.g. "0:40". */
static void sendChannelEvent(const char *kind, uint8_t channel) {
  LineOut &out = txLine;
  eventHead(out, kind);
  out.chr(PROTO_FIELD_SEPARATOR);
  out.rawUint(channel);
  out.chr(':');
  out.rawHex2(rig.ina[channel].address);
  linkSendBlocking(out);
}

void markSensorLost(uint8_t channel) {
  if (!rig.ina[channel].present) return;
  rig.ina[channel].present = false;
  sendChannelEvent(EVT_SENSLOST, channel);
}

void sendHello(void) {
  LineOut &out = txLine;
  out.begin(MSG_HELLO);
  out.fieldUint(PROTO_VERSION);
  out.field(FIRMWARE_PROFILE);
  out.field(FIRMWARE_VERSION);
  // Board id: EEPROM bytes 0..3 (FFFFFFFF on an erased EEPROM; write one with avrdude).
  out.chr(PROTO_FIELD_SEPARATOR);
  for (uint8_t i = 0; i < 4; i++) out.rawHex2(eeprom_read_byte((const uint8_t *)(uintptr_t)i));
  out.chr(PROTO_FIELD_SEPARATOR);
  out.str(LAMP_PWM ? "lamp=pwm;load=pwm;panel=" : "lamp=relay;load=pwm;panel=");
  out.str(PANEL_SENSOR == PANEL_SENSOR_NTC ? "ntc" : "tmp36");
  out.str(";boardtemp;baud=");
  out.rawUint(LINK_BAUD);
  out.str(";maxhz=");
  out.rawUint(TELEMETRY_MAX_HZ);
  out.str(";wdtms=");
  out.rawUint(rig.watchdogMs);
  out.str(";otl=");
  out.rawInt(rig.overTempC100);
  out.str(";rate=");
  out.rawUint(rig.rateHz);
  out.chr(PROTO_FIELD_SEPARATOR);
  for (uint8_t i = 0; i < INA_CHANNEL_COUNT; i++) {
    if (i) out.chr(PROTO_LIST_SEPARATOR);
    out.rawHex2(rig.ina[i].address);
    out.chr(':');
    out.str(rig.ina[i].role);
  }
  linkSendBlocking(out);
}

static void sendBootEvent(void) {
  LineOut &out = txLine;
  eventHead(out, EVT_BOOT);
  out.chr(PROTO_FIELD_SEPARATOR);
  // Optiboot on some Unos clears MCUSR before the sketch runs: then the cause is unknown.
  static const char *const NAMES[4] = {"PORF", "EXTRF", "BORF", "WDRF"};
  bool any = false;
  for (uint8_t bit = 0; bit < 4; bit++) {
    if (!(resetFlags & (1 << bit))) continue;
    if (any) out.chr(PROTO_LIST_SEPARATOR);
    out.str(NAMES[bit]);
    any = true;
  }
  if (!any) out.str("UNKNOWN");
  linkSendBlocking(out);
}

static void probeAbsentSensors(uint32_t nowMs) {
  if (nowMs - lastProbeMs < PROBE_PERIOD_MS) return;
  lastProbeMs = nowMs;
  for (uint8_t i = 0; i < INA_CHANNEL_COUNT; i++) {
    InaChannel &ch = rig.ina[i];
    if (ch.present || !inaProbe(ch.address)) continue;
    if (!inaConfigure(ch)) continue;
    ch.present = true;
    sendChannelEvent(EVT_SENSFOUND, (uint8_t)i);
  }
}

static void serviceSafety(uint32_t nowMs) {
  if (rig.hostSeen && !rig.hostLost && nowMs - rig.lastHostMs > rig.watchdogMs) {
    rig.hostLost = true;
    rig.lamp = 0;
    rig.load = 0;
    applyOutputs();
    sendEventInt(EVT_HOSTLOST, rig.watchdogMs);
  }
  if (!temps.panelUpdated) return;
  temps.panelUpdated = false;
  if (!temps.panelValid) return;
  if (!rig.overTempCut && temps.panelC100 >= rig.overTempC100) {
    rig.overTempCut = true;
    rig.lamp = 0;
    applyOutputs();
    sendEventInt(EVT_OTCUT, temps.panelC100);
  } else if (rig.overTempCut && temps.panelC100 <= rig.overTempC100 - DEFAULT_OVER_TEMP_HYSTERESIS_C100) {
    rig.overTempCut = false;
    sendEventInt(EVT_OTCLEAR, temps.panelC100);
  }
}

static uint16_t flags(void) {
  uint16_t f = 0;
  for (uint8_t i = 0; i < INA_CHANNEL_COUNT; i++) {
    if (rig.ina[i].present) f |= FLAG_INA_PRESENT0 << i;
  }
  if (temps.panelValid) f |= FLAG_PANEL_TEMP_VALID;
  if (temps.boardValid) f |= FLAG_BOARD_TEMP_VALID;
  if (rig.hostLost) f |= FLAG_WATCHDOG_TRIPPED;
  if (rig.overTempCut) f |= FLAG_OVER_TEMP_CUT;
  if (rig.safeMode) f |= FLAG_SAFE_MODE;
  if (rig.txOverrun) f |= FLAG_TX_OVERRUN;
  if (rig.i2cError) f |= FLAG_I2C_ERROR;
  return f;
}

static void sendTelemetry(uint32_t nowMs) {
  InaReading reading[INA_CHANNEL_COUNT];
  uint16_t overflowBits = 0;
  for (uint8_t i = 0; i < INA_CHANNEL_COUNT; i++) {
    InaReading &r = reading[i];
    r = InaReading();
    if (!rig.ina[i].present) continue;
    if (!inaRead(rig.ina[i], r)) {
      r = InaReading();
      rig.i2cError = true;
      markSensorLost(i);
      continue;
    }
    if (r.overflow) overflowBits |= FLAG_INA_OVERFLOW0 << i;
  }
  if (Wire.getWireTimeoutFlag()) {
    Wire.clearWireTimeoutFlag();
    rig.i2cError = true;
    sendError(ERR_I2C, "timeout");
  }
  LineOut &out = txLine;
  out.begin(MSG_TELEMETRY);
  out.fieldUint(seq++);
  out.fieldUint(nowMs);
  out.fieldHex4(flags() | overflowBits);
  out.fieldInt(temps.panelC100);
  out.fieldInt(temps.boardC100);
  out.fieldUint(rig.lamp);
  out.fieldUint(rig.load);
  out.fieldUint(INA_CHANNEL_COUNT);
  for (uint8_t i = 0; i < INA_CHANNEL_COUNT; i++) {
    out.fieldInt(reading[i].busMv);
    out.fieldInt(reading[i].shuntUv);
    out.fieldInt(reading[i].currentUa);
    out.fieldInt(reading[i].powerUw);
  }
  // A frame that does not fit is dropped whole (its seq is spent, so the host sees
  // the gap) and the next frame that goes out carries the overrun flag.
  if (linkSendIfRoom(out)) {
    rig.txOverrun = false;
    rig.i2cError = false;
  } else {
    rig.txOverrun = true;
  }
}

static void serviceTelemetry(uint32_t nowMs) {
  if (rig.rescheduleTelemetry) {
    rig.rescheduleTelemetry = false;
    nextFrameMs = nowMs;
    frameRemainder = 0;
  }
  if ((int32_t)(nowMs - nextFrameMs) < 0) return;
  sendTelemetry(nowMs);
  // Period 1000/rate ms exactly on average: carry the remainder of the division.
  nextFrameMs += 1000 / rig.rateHz;
  frameRemainder += 1000 % rig.rateHz;
  if (frameRemainder >= rig.rateHz) {
    frameRemainder -= rig.rateHz;
    nextFrameMs++;
  }
  // Far behind (a long I2C stall): restart the schedule rather than burst.
  if ((int32_t)(nowMs - nextFrameMs) > 100) nextFrameMs = nowMs;
}

void setup() {
  // Outputs low first: lamp and load stay off until the host commands them.
  pinMode(PIN_LAMP, OUTPUT);
  pinMode(PIN_LOAD, OUTPUT);
  digitalWrite(PIN_LAMP, LOW);
  digitalWrite(PIN_LOAD, LOW);
  TCCR1B = (TCCR1B & ~(_BV(CS12) | _BV(CS11) | _BV(CS10))) | PWM_TIMER1_PRESCALER_BITS;
  rig.safeMode = true;
  rig.rateHz = DEFAULT_RATE_HZ;
  rig.watchdogMs = DEFAULT_WATCHDOG_MS;
  rig.overTempC100 = DEFAULT_OVER_TEMP_C100;
  wdt_enable(WDTO_500MS);

  linkBegin(LINK_BAUD);
  Wire.begin();
  Wire.setClock(I2C_CLOCK_HZ);
  // A stuck bus must not hang the loop: give up after 5 ms and reset the TWI.
  Wire.setWireTimeout(5000, true);

  for (uint8_t i = 0; i < INA_CHANNEL_COUNT; i++) {
    InaChannel &ch = rig.ina[i];
    ch.address = ADDRESS[i];
    ch.role = ROLE[i];
    ch.config = INA_DEFAULT_CONFIG;
    ch.cal = INA_DEFAULT_CAL;
    ch.currentLsbNa = INA_DEFAULT_CURRENT_LSB_NA;
    ch.present = inaProbe(ch.address) && inaConfigure(ch);
  }
  const uint32_t nowMs = millis();
  temperatureBegin(nowMs);
  lastProbeMs = nowMs;
  sendHello();
  sendBootEvent();
  for (uint8_t i = 0; i < INA_CHANNEL_COUNT; i++) {
    if (!rig.ina[i].present) sendChannelEvent(EVT_SENSLOST, i);
  }
  rig.rescheduleTelemetry = true;
}

void loop() {
  wdt_reset();
  const uint32_t nowMs = millis();
  commandsPoll(nowMs);
  if (linkTakeRxOverflow()) sendError(ERR_RXOVF, "rx");
  temperatureService(nowMs);
  serviceSafety(nowMs);
  probeAbsentSensors(nowMs);
  serviceTelemetry(nowMs);
  linkIdle();
}

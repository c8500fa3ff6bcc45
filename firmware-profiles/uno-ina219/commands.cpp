/*
 * Host-to-board commands of protocol v1 (docs/protocol.md, "Commands"). Every line
 * that starts with '$' and ends with '\n' gets exactly one ACK or NAK:
 *   longer than PROTO_MAX_COMMAND_LENGTH  NAK,0,?,TOOLONG
 *   a byte outside printable ASCII        NAK,0,?,FORMAT
 *   missing or wrong checksum             NAK,0,?,CRC
 *   unknown type                          NAK,id,TYPE,UNKNOWN
 *   wrong field count / not an integer    NAK,id,TYPE,FORMAT
 *   value outside its limits              NAK,id,TYPE,RANGE
 * Bytes outside a '$'...'\n' line are line noise and are ignored.
 */
#include <string.h>
#include "rig.h"

namespace {
char line[PROTO_MAX_COMMAND_LENGTH + 1];
uint8_t lineLen;
bool inLine;
bool tooLong;
bool badByte;

const uint8_t MAX_FIELDS = 8;

enum ParseResult : uint8_t { PARSE_OK, PARSE_FORMAT, PARSE_RANGE };

/** -?[0-9]{1,10} as int32; a valid integer beyond int32 is a range error. */
ParseResult parseInt(const char *s, int32_t &out) {
  bool negative = false;
  if (*s == '-') {
    negative = true;
    s++;
  }
  uint8_t digits = 0;
  uint32_t v = 0;
  bool tooBig = false;
  for (; *s; s++, digits++) {
    if (*s < '0' || *s > '9' || digits >= 10) return PARSE_FORMAT;
    const uint8_t d = *s - '0';
    if (v > (0x80000000UL - d) / 10) tooBig = true;
    else v = v * 10 + d;
  }
  if (digits == 0) return PARSE_FORMAT;
  if (tooBig || (!negative && v > 0x7FFFFFFFUL)) return PARSE_RANGE;
  out = negative ? -(int32_t)(v - 1) - 1 : (int32_t)v;
  return PARSE_OK;
}

int8_t hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void reply(const char *type, uint16_t id, const char *command, const char *nak) {
  LineOut &out = txLine;
  out.begin(type);
  out.fieldUint(id);
  out.field(command[0] ? command : "?");
  if (nak) out.field(nak);
  linkSendBlocking(out);
}

void nak(uint16_t id, const char *command, const char *code) { reply(MSG_NAK, id, command, code); }

struct Command {
  const char *name;
  uint8_t fields;
};

const Command COMMANDS[] = {
    {CMD_LAMP, FIELDS_LAMP}, {CMD_LOAD, FIELDS_LOAD}, {CMD_RATE, FIELDS_RATE},
    {CMD_CAL, FIELDS_CAL},   {CMD_WDT, FIELDS_WDT},   {CMD_OTL, FIELDS_OTL},
    {CMD_HB, FIELDS_HB},     {CMD_SAFE, FIELDS_SAFE}, {CMD_INFO, FIELDS_INFO},
};

/** Runs a decoded command; returns a NAK code, or 0 to ACK. */
const char *execute(const char *type, const int32_t *arg) {
  if (!strcmp(type, CMD_LAMP) || !strcmp(type, CMD_LOAD)) {
    const int32_t level = arg[0];
    if (level < LIMIT_LEVEL_MIN || level > LIMIT_LEVEL_MAX) return NAK_RANGE;
    if (type[1] == 'A') {
      if (level > 0 && rig.overTempCut) return NAK_DENIED;
      rig.lamp = (uint8_t)level;
    } else {
      rig.load = (uint8_t)level;
    }
    rig.safeMode = false;
    applyOutputs();
    return 0;
  }
  if (!strcmp(type, CMD_RATE)) {
    if (arg[0] < LIMIT_RATE_HZ_MIN || arg[0] > (int32_t)TELEMETRY_MAX_HZ) return NAK_RANGE;
    rig.rateHz = (uint16_t)arg[0];
    rig.rescheduleTelemetry = true;
    return 0;
  }
  if (!strcmp(type, CMD_CAL)) {
    const int32_t channel = arg[0];
    if (channel < 0 || channel >= INA_CHANNEL_COUNT) return NAK_RANGE;
    if (arg[1] < LIMIT_CAL_REGISTER_MIN || arg[1] > LIMIT_CAL_REGISTER_MAX) return NAK_RANGE;
    // Bit 15 of the config register is RST: a reset would undo the configuration.
    if (arg[2] < LIMIT_CONFIG_REGISTER_MIN || arg[2] > LIMIT_CONFIG_REGISTER_MAX || (arg[2] & 0x8000)) return NAK_RANGE;
    if (arg[3] < LIMIT_CURRENT_LSB_NA_MIN || arg[3] > LIMIT_CURRENT_LSB_NA_MAX) return NAK_RANGE;
    InaChannel &ch = rig.ina[channel];
    if (!ch.present) return NAK_NOSENSOR;
    ch.cal = (uint16_t)arg[1];
    ch.config = (uint16_t)arg[2];
    ch.currentLsbNa = arg[3];
    if (!inaConfigure(ch)) {
      markSensorLost((uint8_t)channel);
      return NAK_NOSENSOR;
    }
    return 0;
  }
  if (!strcmp(type, CMD_WDT)) {
    if (arg[0] < LIMIT_WATCHDOG_MS_MIN || arg[0] > LIMIT_WATCHDOG_MS_MAX) return NAK_RANGE;
    rig.watchdogMs = (uint16_t)arg[0];
    return 0;
  }
  if (!strcmp(type, CMD_OTL)) {
    if (arg[0] < LIMIT_OVER_TEMP_C100_MIN || arg[0] > LIMIT_OVER_TEMP_C100_MAX) return NAK_RANGE;
    rig.overTempC100 = (int16_t)arg[0];
    return 0;
  }
  if (!strcmp(type, CMD_SAFE)) {
    rig.lamp = 0;
    rig.load = 0;
    rig.safeMode = true;
    applyOutputs();
    return 0;
  }
  // HB: the heartbeat itself is the point. INFO: ACK now, HELLO follows.
  return 0;
}

void handleLine(uint32_t nowMs) {
  if (tooLong) return nak(0, "?", NAK_TOOLONG);
  if (badByte) return nak(0, "?", NAK_FORMAT);
  line[lineLen] = 0;
  char *star = strrchr(line, PROTO_CHECKSUM_MARKER);
  if (!star || line + lineLen - star != 5) return nak(0, "?", NAK_CRC);
  uint16_t given = 0;
  for (uint8_t i = 1; i <= 4; i++) {
    const int8_t d = hexDigit(star[i]);
    if (d < 0) return nak(0, "?", NAK_CRC);
    given = (given << 4) | (uint8_t)d;
  }
  const uint8_t bodyLen = (uint8_t)(star - line - 1);
  if (crc16Ccitt(line + 1, bodyLen) != given) return nak(0, "?", NAK_CRC);
  *star = 0;

  char *field[MAX_FIELDS];
  uint8_t count = 0;
  field[count++] = line + 1;
  for (char *p = line + 1; *p; p++) {
    if (*p != PROTO_FIELD_SEPARATOR) continue;
    *p = 0;
    if (count == MAX_FIELDS) return nak(0, field[0], NAK_FORMAT);
    field[count++] = p + 1;
  }
  const char *type = field[0];

  // The id is echoed whenever it reads as one, even when the rest is wrong.
  int32_t id = 0;
  const bool idOk = count > 1 && parseInt(field[1], id) == PARSE_OK && id >= LIMIT_COMMAND_ID_MIN &&
                    id <= LIMIT_COMMAND_ID_MAX;
  const uint16_t replyId = idOk ? (uint16_t)id : 0;

  const Command *cmd = 0;
  for (uint8_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++) {
    if (!strcmp(type, COMMANDS[i].name)) cmd = &COMMANDS[i];
  }
  if (!cmd) return nak(replyId, type, NAK_UNKNOWN);

  // A checksummed, known command proves the host is alive, even if its values are bad.
  if (rig.hostLost) {
    rig.hostLost = false;
    sendEventInt(EVT_HOSTBACK, (int32_t)(nowMs - rig.lastHostMs));
  }
  rig.hostSeen = true;
  rig.lastHostMs = nowMs;

  if (count != cmd->fields) return nak(replyId, type, NAK_FORMAT);
  if (!idOk) {
    const bool isInt = parseInt(field[1], id) == PARSE_OK;
    return nak(0, type, isInt ? NAK_RANGE : NAK_FORMAT);
  }
  int32_t arg[MAX_FIELDS - 2];
  for (uint8_t i = 2; i < count; i++) {
    const ParseResult r = parseInt(field[i], arg[i - 2]);
    if (r == PARSE_FORMAT) return nak(replyId, type, NAK_FORMAT);
    if (r == PARSE_RANGE) return nak(replyId, type, NAK_RANGE);
  }
  const char *code = execute(type, arg);
  if (code) return nak(replyId, type, code);
  reply(MSG_ACK, replyId, type, 0);
  if (!strcmp(type, CMD_INFO)) sendHello();
}
}  // namespace

void commandsPoll(uint32_t nowMs) {
  int16_t c;
  while ((c = linkRead()) >= 0) {
    if (c == PROTO_START_MARKER) {
      // A new start marker resynchronises: whatever came before it was noise.
      inLine = true;
      tooLong = false;
      badByte = false;
      lineLen = 0;
      line[lineLen++] = (char)c;
    } else if (!inLine) {
      continue;
    } else if (c == '\n') {
      inLine = false;
      handleLine(nowMs);
    } else if (c == '\r') {
      continue;
    } else if (lineLen >= PROTO_MAX_COMMAND_LENGTH) {
      tooLong = true;
    } else {
      if (c < 0x20 || c > 0x7E) badByte = true;
      line[lineLen++] = (char)c;
    }
  }
}

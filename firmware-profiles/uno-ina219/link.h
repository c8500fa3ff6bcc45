/*
 * Serial link: an interrupt-driven USART0 driver (ATmega328P datasheet ch. 19) with a
 * 256-byte transmit ring, so a whole telemetry line fits and the sender can tell in
 * advance whether it does, plus the outgoing line builder with its CRC-16.
 *
 * It replaces Arduino's Serial (never referenced here, so its ISRs are not linked):
 * Serial's 64-byte TX buffer is smaller than one telemetry line, and its size cannot be
 * changed from a sketch that must also build in the Arduino IDE.
 */
#ifndef ORBITRIG_LINK_H
#define ORBITRIG_LINK_H

#include <stdint.h>
#include "protocol.h"

void linkBegin(uint32_t baud);
/** Next received byte, or -1. */
int16_t linkRead(void);
bool linkRxPending(void);
/** True once when the receive ring overflowed since the last call. */
bool linkTakeRxOverflow(void);
/** Free bytes in the transmit ring. */
uint8_t linkTxFree(void);
/** Queues bytes; the caller has checked linkTxFree() or accepts a wait. */
void linkWrite(const char *data, uint8_t len);

/** Sleeps until the next interrupt unless received bytes are waiting. */
void linkIdle(void);

/** One outgoing line: "$" body "*" CCCC "\r\n". */
struct LineOut {
  char buf[PROTO_MAX_LINE_LENGTH + 3];
  uint8_t len;
  bool overflow;

  void begin(const char *type);
  void str(const char *s);
  void chr(char c);
  void field(const char *s);
  void fieldInt(int32_t v);
  void fieldUint(uint32_t v);
  void fieldHex4(uint16_t v);
  void rawInt(int32_t v);
  void rawUint(uint32_t v);
  void rawHex2(uint8_t v);
  /** Appends checksum and terminator; returns the byte count to send (0 if too long). */
  uint8_t finish(void);
};

/**
 * The one line under construction. Lines are built and sent one at a time (nothing
 * builds a line from an interrupt), so one shared buffer saves ~200 bytes of stack per
 * nesting level on a chip with 2 KB of RAM.
 */
extern LineOut txLine;

/** Sends a finished line, waiting (asleep) for room in the ring. For replies and events. */
void linkSendBlocking(LineOut &line);
/** Sends a finished line only if it fits now; false when it was skipped. For telemetry. */
bool linkSendIfRoom(LineOut &line);

uint16_t crc16Ccitt(const char *data, uint8_t len);

#endif

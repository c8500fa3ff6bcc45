/*
 * USART0 driver and line framing. Registers: ATmega328P datasheet (DS40002061B)
 * ch. 19 (UBRR0, UCSR0A/B/C, UDR0; RX complete and data-register-empty interrupts).
 * CRC: avr-libc util/crc16.h _crc_xmodem_update (poly 0x1021, MSB first) seeded with
 * 0xFFFF = CRC-16/CCITT-FALSE, as on the host (src/protocol/crc.ts).
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <util/atomic.h>
#include <util/crc16.h>
#include "link.h"

// 256-entry rings indexed by uint8_t wrap by themselves.
static volatile char txRing[256];
static volatile uint8_t txHead, txTail;
static volatile char rxRing[128];
static volatile uint8_t rxHead, rxTail;
static volatile bool rxOverflow;

ISR(USART_RX_vect) {
  const uint8_t status = UCSR0A;
  const char c = UDR0;
  // A framing error keeps its byte: the line's CRC rejects it. A data overrun lost one.
  if (status & _BV(DOR0)) rxOverflow = true;
  const uint8_t next = (uint8_t)(rxHead + 1) & 127;
  if (next == rxTail) {
    rxOverflow = true;
    return;
  }
  rxRing[rxHead] = c;
  rxHead = next;
}

ISR(USART_UDRE_vect) {
  // Like Arduino's HardwareSerial, switch the interrupt off right after the last byte
  // rather than on an empty entry: avr8js clears its UDRE flag whenever the vector
  // runs, so an entry that writes nothing would lose the flag and stall the next line.
  if (txHead != txTail) {
    UDR0 = txRing[txTail];
    txTail++;
  }
  if (txHead == txTail) UCSR0B &= ~_BV(UDRIE0);
}

void linkBegin(uint32_t baud) {
  // Double speed (U2X): 115200 is 2.1 % off at 16 MHz, 500000 and 1000000 are exact.
  UCSR0A = _BV(U2X0);
  UBRR0 = (uint16_t)((F_CPU / 4 / baud - 1) / 2);
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);  // 8N1
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

int16_t linkRead(void) {
  if (rxHead == rxTail) return -1;
  const char c = rxRing[rxTail];
  rxTail = (uint8_t)(rxTail + 1) & 127;
  return (uint8_t)c;
}

bool linkRxPending(void) { return rxHead != rxTail; }

bool linkTakeRxOverflow(void) {
  bool was;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    was = rxOverflow;
    rxOverflow = false;
  }
  return was;
}

uint8_t linkTxFree(void) {
  uint8_t used;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { used = (uint8_t)(txHead - txTail); }
  return (uint8_t)(255 - used);
}

void linkWrite(const char *data, uint8_t len) {
  for (uint8_t i = 0; i < len; i++) {
    txRing[txHead] = data[i];
    txHead++;  // only written here; one-byte stores are atomic
  }
  UCSR0B |= _BV(UDRIE0);
}

void linkIdle(void) {
  // Race-free idle sleep (avr-libc sleep.h): the instruction after sei runs before any
  // interrupt, so a byte arriving between the check and SLEEP still wakes us.
  set_sleep_mode(SLEEP_MODE_IDLE);
  cli();
  if (rxHead == rxTail) {
    sleep_enable();
    sei();
    sleep_cpu();
    sleep_disable();
  }
  sei();
}

uint16_t crc16Ccitt(const char *data, uint8_t len) {
  uint16_t crc = PROTO_CRC_INIT;
  for (uint8_t i = 0; i < len; i++) crc = _crc_xmodem_update(crc, (uint8_t)data[i]);
  return crc;
}

LineOut txLine;

static const char HEX_DIGITS[] = "0123456789ABCDEF";

void LineOut::begin(const char *type) {
  len = 0;
  overflow = false;
  chr(PROTO_START_MARKER);
  str(type);
}

void LineOut::chr(char c) {
  if (len >= PROTO_MAX_LINE_LENGTH) {
    overflow = true;
    return;
  }
  buf[len++] = c;
}

void LineOut::str(const char *s) {
  while (*s) chr(*s++);
}

void LineOut::field(const char *s) {
  chr(PROTO_FIELD_SEPARATOR);
  str(s);
}

void LineOut::rawInt(int32_t v) {
  if (v < 0) {
    chr('-');
    rawUint(0UL - (uint32_t)v);
  } else {
    rawUint((uint32_t)v);
  }
}

static const uint32_t POWERS_OF_TEN[9] PROGMEM = {1000000000UL, 100000000UL, 10000000UL, 1000000UL,
                                                  100000UL,     10000UL,     1000UL,     100UL,
                                                  10UL};

void LineOut::rawUint(uint32_t v) {
  // Digits by repeated subtraction: avr-libc's ultoa divides bit by bit and was the
  // largest single cost of a telemetry frame (~30 % of the CPU at 200 Hz, 4 channels).
  bool started = false;
  for (uint8_t i = 0; i < 9; i++) {
    const uint32_t p = pgm_read_dword(&POWERS_OF_TEN[i]);
    char digit = '0';
    while (v >= p) {
      v -= p;
      digit++;
    }
    if (digit != '0' || started) {
      chr(digit);
      started = true;
    }
  }
  chr((char)('0' + v));
}

void LineOut::rawHex2(uint8_t v) {
  chr(HEX_DIGITS[v >> 4]);
  chr(HEX_DIGITS[v & 15]);
}

void LineOut::fieldInt(int32_t v) {
  chr(PROTO_FIELD_SEPARATOR);
  rawInt(v);
}

void LineOut::fieldUint(uint32_t v) {
  chr(PROTO_FIELD_SEPARATOR);
  rawUint(v);
}

void LineOut::fieldHex4(uint16_t v) {
  chr(PROTO_FIELD_SEPARATOR);
  rawHex2(v >> 8);
  rawHex2(v & 0xFF);
}

uint8_t LineOut::finish(void) {
  const uint16_t crc = crc16Ccitt(buf + 1, len - 1);
  chr(PROTO_CHECKSUM_MARKER);
  rawHex2(crc >> 8);
  rawHex2(crc & 0xFF);
  if (overflow) return 0;
  // The terminator is outside the PROTO_MAX_LINE_LENGTH count; buf has room for it.
  buf[len++] = '\r';
  buf[len++] = '\n';
  return len;
}

void linkSendBlocking(LineOut &line) {
  const uint8_t n = line.finish();
  if (n == 0) return;
  // At 115200 baud the ring drains in at most 22 ms; the UDRE interrupt wakes us.
  while (linkTxFree() < n) {
    wdt_reset();
    set_sleep_mode(SLEEP_MODE_IDLE);
    sleep_mode();
  }
  linkWrite(line.buf, n);
}

bool linkSendIfRoom(LineOut &line) {
  const uint8_t n = line.finish();
  if (n == 0 || linkTxFree() < n) return false;
  linkWrite(line.buf, n);
  return true;
}

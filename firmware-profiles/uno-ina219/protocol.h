/*
 * orbitrig line protocol v1: the constants, firmware side.
 *
 * Mirrors src/protocol/constants.ts on the host; tests/firmware/protocol-header.test.ts
 * parses this file and fails when the two disagree. The prose is docs/protocol.md.
 * Keep every value a plain literal on one `#define` line so the test can read it.
 */
#ifndef ORBITRIG_PROTOCOL_H
#define ORBITRIG_PROTOCOL_H

#define PROTO_VERSION 1

/* Framing: $BODY*CCCC\r\n */
#define PROTO_START_MARKER '$'
#define PROTO_CHECKSUM_MARKER '*'
#define PROTO_FIELD_SEPARATOR ','
#define PROTO_LIST_SEPARATOR ';'

/* Longest line on the wire ("$" + body + "*" + 4 hex digits, no terminator). */
#define PROTO_MAX_LINE_LENGTH 200
/* Longest command line the firmware accepts (its receive buffer). */
#define PROTO_MAX_COMMAND_LENGTH 64

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR.
 * avr-libc's _crc_xmodem_update() seeded with 0xFFFF computes it. */
#define PROTO_CRC_POLY 0x1021
#define PROTO_CRC_INIT 0xFFFF
#define PROTO_CRC_CHECK 0x29B1

/* Board-to-host message types. */
#define MSG_HELLO "HELLO"
#define MSG_TELEMETRY "T"
#define MSG_ACK "ACK"
#define MSG_NAK "NAK"
#define MSG_EVENT "EVT"
#define MSG_ERROR "ERR"

/* Host-to-board command types. */
#define CMD_LAMP "LAMP"
#define CMD_LOAD "LOAD"
#define CMD_RATE "RATE"
#define CMD_CAL "CAL"
#define CMD_WDT "WDT"
#define CMD_OTL "OTL"
#define CMD_HB "HB"
#define CMD_SAFE "SAFE"
#define CMD_INFO "INFO"

/* Field counts, the type field included. */
#define FIELDS_HELLO 7
#define FIELDS_T_FIXED 9
#define FIELDS_T_PER_CHANNEL 4
#define FIELDS_ACK 3
#define FIELDS_NAK 4
#define FIELDS_EVT 4
#define FIELDS_ERR 4
#define FIELDS_LAMP 3
#define FIELDS_LOAD 3
#define FIELDS_RATE 3
#define FIELDS_CAL 6
#define FIELDS_WDT 3
#define FIELDS_OTL 3
#define FIELDS_HB 2
#define FIELDS_SAFE 2
#define FIELDS_INFO 2

/* Field order, documentation for humans and for the agreement test. */
#define ORDER_HELLO "proto,profile,fw,boardId,caps,channels"
#define ORDER_T "seq,ms,flags,panelC100,boardC100,lamp,load,channels"
#define ORDER_T_CHANNEL "busMv,shuntUv,currentUa,powerUw"

/* Telemetry status flag bits. */
#define FLAG_INA_PRESENT0 0x0001 /* bits 0..3: channel 0..3 answered */
#define FLAG_INA_OVERFLOW0 0x0010 /* bits 4..7: channel 0..3 OVF or shunt saturated */
#define FLAG_PANEL_TEMP_VALID 0x0100
#define FLAG_BOARD_TEMP_VALID 0x0200
#define FLAG_WATCHDOG_TRIPPED 0x0400
#define FLAG_OVER_TEMP_CUT 0x0800
#define FLAG_SAFE_MODE 0x1000
#define FLAG_TX_OVERRUN 0x2000
#define FLAG_I2C_ERROR 0x4000

#define PROTO_MAX_CHANNELS 4

/* NAK reason codes. */
#define NAK_CRC "CRC"
#define NAK_FORMAT "FORMAT"
#define NAK_UNKNOWN "UNKNOWN"
#define NAK_RANGE "RANGE"
#define NAK_DENIED "DENIED"
#define NAK_NOSENSOR "NOSENSOR"
#define NAK_TOOLONG "TOOLONG"

/* Event kinds. */
#define EVT_BOOT "BOOT"
#define EVT_HOSTLOST "HOSTLOST"
#define EVT_HOSTBACK "HOSTBACK"
#define EVT_OTCUT "OTCUT"
#define EVT_OTCLEAR "OTCLEAR"
#define EVT_SENSLOST "SENSLOST"
#define EVT_SENSFOUND "SENSFOUND"

/* Error kinds. */
#define ERR_I2C "I2C"
#define ERR_RXOVF "RXOVF"
#define ERR_INTERNAL "INTERNAL"

/* Limits of command arguments (inclusive). */
#define LIMIT_LEVEL_MIN 0
#define LIMIT_LEVEL_MAX 255
#define LIMIT_RATE_HZ_MIN 1
#define LIMIT_RATE_HZ_MAX 200
#define LIMIT_COMMAND_ID_MIN 1
#define LIMIT_COMMAND_ID_MAX 65535
#define LIMIT_WATCHDOG_MS_MIN 100
#define LIMIT_WATCHDOG_MS_MAX 60000
#define LIMIT_OVER_TEMP_C100_MIN -4000
#define LIMIT_OVER_TEMP_C100_MAX 15000
#define LIMIT_CAL_REGISTER_MIN 0
#define LIMIT_CAL_REGISTER_MAX 65535
#define LIMIT_CONFIG_REGISTER_MIN 0
#define LIMIT_CONFIG_REGISTER_MAX 65535
#define LIMIT_CURRENT_LSB_NA_MIN 1
#define LIMIT_CURRENT_LSB_NA_MAX 10000000

/* Defaults. */
#define DEFAULT_BAUD 115200
#define DEFAULT_RATE_HZ 10
#define DEFAULT_WATCHDOG_MS 3000
#define DEFAULT_OVER_TEMP_C100 6000
#define DEFAULT_OVER_TEMP_HYSTERESIS_C100 500

#endif

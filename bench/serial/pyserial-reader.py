# The peer of orbitrig's serial ingest: what a short, careful Python script does with
# pyserial (Debian's python3-serial). It sends INFO, then reads whatever is waiting,
# splits lines, checks CRC-16/CCITT-FALSE with binascii.crc_hqx (C), parses every field
# to an integer, and counts sequence gaps; with a CSV path it writes each frame as a row
# with the csv module. Prints one JSON object: frames, lost, rejected, integer sum, and
# the wall and CPU seconds from the first frame to the last.
#   /usr/bin/python3 pyserial-reader.py DEVICE FRAMES [CSV]
import binascii, csv, json, sys, time
import serial

device, frames_wanted = sys.argv[1], int(sys.argv[2])
csv_path = sys.argv[3] if len(sys.argv) > 3 else None
ser = serial.Serial(device, 115200, timeout=5)
crc = binascii.crc_hqx
out = open(csv_path, "w", newline="") if csv_path else None
writer = csv.writer(out) if out else None
if writer:
    writer.writerow(["seq", "ms", "flags", "panel_c100", "board_c100", "lamp", "load", "channels",
                     "bus0_mv", "shunt0_uv", "current0_ua", "power0_uw",
                     "bus1_mv", "shunt1_uv", "current1_ua", "power1_uw"])
body = b"INFO,1"
info = b"$" + body + b"*%04X\r\n" % crc(body, 0xFFFF)

frames = lost = rejected = 0
total = 0
last_seq = None
buf = b""
c0 = t0 = None
ser.write(info)
while frames < frames_wanted:
    data = ser.read(ser.in_waiting or 1)
    if not data:
        break  # 5 s of silence: the writer is gone
    buf += data
    lines = buf.split(b"\n")
    buf = lines.pop()
    for line in lines:
        if line.endswith(b"\r"):
            line = line[:-1]
        star = line.rfind(b"*")
        if not line.startswith(b"$") or star < 0 or len(line) - star != 5:
            rejected += 1
            continue
        b = line[1:star]
        try:
            if crc(b, 0xFFFF) != int(line[star + 1:], 16):
                rejected += 1
                continue
        except ValueError:
            rejected += 1
            continue
        f = b.split(b",")
        if f[0] != b"T":
            continue
        try:
            v = [int(f[1]), int(f[2]), int(f[3], 16)] + [int(x) for x in f[4:]]
        except ValueError:
            rejected += 1
            continue
        if len(v) != 8 + 4 * v[7]:
            rejected += 1
            continue
        seq = v[0]
        if last_seq is not None and seq != last_seq + 1:
            lost += seq - last_seq - 1
        last_seq = seq
        total += sum(v)
        if frames == 0:
            c0 = time.process_time()
            t0 = time.perf_counter()
        frames += 1
        if writer:
            writer.writerow(v)
t1 = time.perf_counter()
c1 = time.process_time()
if out:
    out.close()
print(json.dumps({"frames": frames, "lost": lost, "rejected": rejected, "sum": total,
                  "wallS": t1 - t0, "cpuS": c1 - c0}))

#!/usr/bin/env python3
"""Per-instruction costs of a callgrind profile's top functions, divided by a record count.

Reads a callgrind output written with `--dump-instr=yes --dump-line=no --compress-pos=no
--compress-strings=no`, takes the TOP functions by self cost, and prints each one's
disassembly (objdump) with the instructions executed at least MIN times per record, so a hot
loop reads as instructions per record (1.00: once per record; 1/B: once per batch of B).

Usage: scripts/callgrind-annotate.py CALLGRIND_OUT BINARY RECORDS [TOP=2] [MIN=0.05]
"""
import collections, re, subprocess, sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    out, binary, records = sys.argv[1], sys.argv[2], int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    least = float(sys.argv[5]) if len(sys.argv) > 5 else 0.05
    fn = None
    after_call = False
    total = collections.Counter()
    by_address = collections.defaultdict(collections.Counter)
    for line in open(out):
        if line.startswith("fn="):
            fn, after_call = line[3:].strip(), False
        elif line.startswith("calls="):
            after_call = True  # the next cost line is the call's inclusive cost, not self cost
        elif line.startswith("0x"):
            if after_call:
                after_call = False
                continue
            address, cost = line.split()[:2]
            total[fn] += int(cost)
            by_address[fn][int(address, 16)] += int(cost)
    for name, cost in total.most_common(top):
        shown = subprocess.run(["swift", "demangle", "--simplified", "--compact", name],
                               capture_output=True, text=True).stdout.strip() or name
        print(f"## {cost / records:.1f} instructions per record: {shown[:160]}\n")
        addresses = sorted(by_address[name])
        listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={addresses[0]}",
                                  f"--stop-address={addresses[-1] + 16}", binary],
                                 capture_output=True, text=True).stdout
        for row in listing.splitlines():
            m = re.match(r"\s*([0-9a-f]+):\s*(.*)", row)
            if not m:
                continue
            per_record = by_address[name].get(int(m.group(1), 16), 0) / records
            if per_record >= least:
                text = re.sub(r"<\$s\S*>", "", m.group(2)).strip()
                print(f"{per_record:8.2f}  {m.group(1)}: {text[:100]}")
        print()


main()

# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""python3 -m btfx stats FILE [--json] | dump FILE [--format raw|c|json]"""

import argparse
import json
import sys
from typing import List, Optional

from . import Error, load


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m btfx", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    st = sub.add_parser("stats", help="counts and bytes by kind, and strings")
    st.add_argument("file")
    st.add_argument("--json", action="store_true")
    dp = sub.add_parser("dump", help="print the types")
    dp.add_argument("file")
    dp.add_argument("--format", default="raw", choices=("raw", "c", "json"))
    args = ap.parse_args(argv)
    try:
        with load(args.file) as b:
            if args.cmd == "dump":
                sys.stdout.write(b.dump(args.format))
                return 0
            s = b.stats()
    except (Error, NotImplementedError) as e:
        print(f"python3 -m btfx: {e}", file=sys.stderr)
        return 1 if isinstance(e, Error) and not isinstance(e, OSError) else 2
    if args.json:
        print(json.dumps(s, indent=2))
        return 0
    print(f"{'kind':<12}{'count':>11}{'vlen':>11}{'bytes':>13}")
    for k, v in s["kinds"].items():
        print(f"{k:<12}{v['count']:>11}{v['vlen']:>11}{v['bytes']:>13}")
    vl = sum(v["vlen"] for v in s["kinds"].values())
    print(f"{'types':<12}{s['types']['count']:>11}{vl:>11}{s['types']['bytes']:>13}")
    print(f"{'strings':<12}{s['strings']['count']:>11}{'':>11}{s['strings']['bytes']:>13}")
    print(f"{'total':<12}{'':>11}{'':>11}{s['total_bytes']:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

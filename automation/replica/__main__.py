"""`python -m automation.replica serve`: the offline console on http://127.0.0.1:PORT."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .faults import KNOWN_FAULTS, describe_faults
from .server import ReplicaServer, ServeOptions
from .variants import COMBINATIONS, KNOWN_VARIANTS, check_variants, describe_variants

EXAMPLE = """\
example:
  python -m automation.replica serve --port 8765 --fault captcha --fault two-keys
  then open the printed URL; sign in with the replica's own example credentials
  (root: root@example.com / replica-root-Passw0rd, MFA seed JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP;
   IAM: account 123456789012, user course-author / replica-iam-Passw0rd)

faults:
"""


def build_parser() -> argparse.ArgumentParser:
    """The command line: one `serve` command."""
    parser = argparse.ArgumentParser(
        prog="python -m automation.replica",
        description="The offline replica of the AWS console (no network, in-memory fake IAM).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve the replica on http://127.0.0.1:PORT",
        description="Serve the replica console on 127.0.0.1 only; both sign-in and console "
        "pages live on that one origin.",
        epilog=EXAMPLE + describe_faults() + "\n\nvariants:\n" + describe_variants(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any free)")
    serve.add_argument(
        "--fault",
        action="append",
        default=[],
        choices=sorted(KNOWN_FAULTS),
        metavar="NAME",
        help="turn on a fault (repeatable); names below",
    )
    serve.add_argument(
        "--variant",
        action="append",
        default=[],
        choices=sorted([*KNOWN_VARIANTS, *COMBINATIONS]),
        metavar="NAME",
        help="serve a console variant (repeatable; multi-session needs real host names, so not here)",
    )
    serve.add_argument("--seed", type=int, default=0, help="seed of key ids and secrets (default 0)")
    serve.add_argument(
        "--edition",
        default="current",
        choices=["current", "classic"],
        help="console edition: current (default) or classic (January 2014)",
    )
    serve.add_argument("--quiet", action="store_true", help="do not log requests")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    options = ServeOptions(
        port=args.port,
        faults=frozenset(args.fault),
        variants=check_variants(args.variant),
        seed=args.seed,
        edition=args.edition,
        quiet=args.quiet,
    )
    try:
        server = ReplicaServer(options)
    except OSError as exc:
        print(f"replica: cannot listen on 127.0.0.1:{args.port}: {exc}", file=sys.stderr)
        return 3
    print(f"Replica console: {server.start_url}", flush=True)
    print(f"Sign in:         {server.origin}/signin", flush=True)
    if options.faults:
        print(f"Faults:          {', '.join(sorted(options.faults))}", flush=True)
    if options.variants:
        print(f"Variants:        {', '.join(sorted(options.variants))}", flush=True)
    print("Press Ctrl+C to stop.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run three HAR sanitizers on the same corpus and count what each leaves: ours (python -m automation.har
scrub), Google's har-sanitizer (harsanitizer.py, Python 2) and Cloudflare's (src/lib/har_sanitize.tsx).

Their code is not part of this project: pass the folders of checkouts made elsewhere, plus a node_modules
folder holding ``typescript`` to transpile Cloudflare's file:

    python scripts/compare_sanitizers.py --google ../har-sanitizer-google \\
        --cloudflare ../har-sanitizer-cloudflare --typescript /tmp/ts/node_modules

The corpus: the real exports of tests/har/corpus/real and the recording places of the adversarial
corpus (tests/har/adversarial.py) in four encodings (plain, percent, base64, JSON string); ours is given
the run's known values, as a recording run gives them. For the adversarial cases it counts the cases
where a planted value survives (tests/har/oracle.py); for the real exports, what each kept unchanged:
cookie values, secret headers (Cookie, Set-Cookie, Authorization), query values, response bodies.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from automation.errors import RecordingError  # noqa: E402
from automation.har.cli import scrub_file  # noqa: E402
from tests.har.adversarial import KNOWN, PLACES, PLANTED, SHORT_ENCODINGS, Case  # noqa: E402
from tests.har.oracle import planted_in  # noqa: E402

GOOGLE_RUN = '''import json, os, sys
repo, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
os.chdir(repo)
sys.path.insert(0, os.path.join(repo, "harsanitizer"))
import harsanitizer as hsmod
hs = hsmod.HarSanitizer()
mimes = json.load(open(hsmod.MIMETYPES_PATH))
# never set at its HEAD (AttributeError); set from its own list, as its commented line intends
hs.default_content_scrub_list = [
    {"key_to_match": "mimeType", "value_to_match": m, "key_to_redact": "text"} for m in mimes]
json.dump(hs.scrub(hsmod.Har(har=json.load(open(src)))).har_dict, open(dst, "w"))
'''
CLOUDFLARE_RUN = """const fs = require("fs");
const { sanitize, getHarInfo, defaultScrubItems } = require(process.argv[2]);
const raw = fs.readFileSync(process.argv[3], "utf8").replace(/^\\uFEFF/, "");
console.log = () => {};
const info = getHarInfo(raw);  // what its page ticks at first: names of its default list found here
const words = new Set();
for (const kind of ["cookies", "headers", "queryArgs", "postParams"])
  for (const name of info[kind]) if (name && defaultScrubItems.includes(name)) words.add(name);
const mimeTypes = info.mimeTypes.filter((m) => m && defaultScrubItems.includes(m));
fs.writeFileSync(process.argv[4], sanitize(raw, { scrubWords: [...words], scrubMimetypes: mimeTypes }));
"""
SECRET_HEADERS = ("cookie", "set-cookie", "authorization")


def transpile(cloudflare: Path, typescript: Path, work: Path) -> Path:
    """Cloudflare's module as CommonJS (its one import is of types only)."""
    source = (cloudflare / "src/lib/har_sanitize.tsx").read_text()
    source = source.replace("import { Cookie,", "import type { Cookie,", 1)
    script = (
        "const ts=require(process.argv[1]);const fs=require('fs');"
        "const o=ts.transpileModule(fs.readFileSync(process.argv[2],'utf8'),"
        "{compilerOptions:{module:ts.ModuleKind.CommonJS,target:ts.ScriptTarget.ES2020}});"
        "fs.writeFileSync(process.argv[3],o.outputText);"
    )
    (work / "cf.ts").write_text(source)
    subprocess.run(
        ["node", "-e", script, str(typescript / "typescript"), str(work / "cf.ts"), str(work / "cf.js")],
        check=True,
    )
    return work / "cf.js"


def tools(args: argparse.Namespace, work: Path) -> dict[str, list[str]]:
    """Command prefixes: each takes IN OUT."""
    (work / "google_run.py").write_text(GOOGLE_RUN)
    (work / "cf_run.js").write_text(CLOUDFLARE_RUN)
    module = transpile(args.cloudflare, args.typescript, work)
    env_python2 = ["env", "PYENV_VERSION=2.7.18", "python2"]
    return {
        "ours": [],
        "google": [*env_python2, str(work / "google_run.py"), str(args.google)],
        "cloudflare": ["node", str(work / "cf_run.js"), str(module)],
    }


def kept(before: dict, after: dict) -> Counter[str]:
    """What a sanitizer kept unchanged in one real export."""
    counts: Counter[str] = Counter()
    pairs = zip(before["log"]["entries"], after["log"]["entries"], strict=False)
    for old, new in pairs:
        for side in ("request", "response"):
            old_cookies = {c.get("value") for c in old[side].get("cookies") or [] if c.get("value")}
            new_cookies = {c.get("value") for c in new[side].get("cookies") or []}
            counts["cookie values"] += len(old_cookies & new_cookies)
            old_headers = {(h["name"].lower(), h["value"]) for h in old[side].get("headers") or []}
            new_headers = {(h["name"].lower(), h["value"]) for h in new[side].get("headers") or []}
            counts["Cookie, Set-Cookie, Authorization headers"] += sum(
                1 for name, value in old_headers & new_headers if name in SECRET_HEADERS and value
            )
            counts["other header values"] += sum(
                1 for name, value in old_headers & new_headers if name not in SECRET_HEADERS and value
            )
        old_query = set(parse_qsl(urlsplit(old["request"]["url"]).query))
        new_query = set(parse_qsl(urlsplit(new["request"]["url"]).query))
        counts["query values"] += len({v for _, v in old_query if v} & {v for _, v in new_query})
        old_body = (old["response"].get("content") or {}).get("text")
        new_body = (new["response"].get("content") or {}).get("text")
        counts["response bodies"] += bool(old_body) and old_body == new_body
    return counts


def run(command: list[str], source: Path, target: Path) -> str:
    """'written', 'refused' (exit 8, nothing written) or 'crashed'."""
    if not command:  # ours, in this process
        try:
            scrub_file(source, target, KNOWN)
        except RecordingError:
            return "refused"
        return "written"
    done = subprocess.run([*command, str(source), str(target)], capture_output=True, cwd=ROOT, timeout=300)
    if done.returncode == 8 and not target.exists():
        return "refused"
    return "written" if done.returncode == 0 and target.exists() else "crashed"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--google", type=Path, required=True)
    parser.add_argument("--cloudflare", type=Path, required=True)
    parser.add_argument("--typescript", type=Path, required=True, help="node_modules holding typescript")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        commands = tools(args, work)
        real = sorted((ROOT / "tests/har/corpus/real").glob("*.har"))
        cases = [Case(place, encoding) for place in PLACES for encoding in SHORT_ENCODINGS]
        for name, command in commands.items():
            outcomes: Counter[str] = Counter()
            leaks: Counter[str] = Counter()
            leaking_cases = 0
            for case in cases:
                source, target = work / "case.har", work / f"{name}-case.har"
                source.write_text(json.dumps(case.document()))
                target.unlink(missing_ok=True)
                outcome = run(command, source, target)
                outcomes["adversarial " + outcome] += 1
                if outcome == "written":
                    found = planted_in(target.read_bytes(), PLANTED)
                    leaking_cases += bool(found)
                    leaks.update(found)
            kept_total: Counter[str] = Counter()
            for source in real:
                target = work / f"{name}-{source.name}"
                outcome = run(command, source, target)
                outcomes["real " + outcome] += 1
                if outcome == "written":
                    before = json.loads(source.read_text("utf-8-sig"))
                    kept_total.update(kept(before, json.loads(target.read_text("utf-8-sig"))))
            print(f"== {name}")
            print(f"   outcomes: {dict(outcomes)}")
            print(f"   adversarial cases leaking a planted value: {leaking_cases} of {len(cases)}")
            print(f"   planted values left, by kind: {dict(leaks)}")
            print(f"   kept unchanged in {len(real)} real exports: {dict(kept_total)}")
            sys.stdout.flush()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    main()

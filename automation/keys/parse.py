"""Parse a downloaded key file in any format the AWS console has produced, and validate the key.

Error messages describe what is wrong by position and shape only: they never quote the file's
content, because any field of a malformed file might be the secret.
"""

from __future__ import annotations

import codecs
import csv
import io

from automation.errors import KeyFileError
from automation.keys.model import AccessKey, KeyFileFormat, key_id_problem, secret_problem

STEP = "Check the key file"
MAX_KEY_FILE_BYTES = 64 * 1024
FIX_DOWNLOAD = (
    "Download the key file again with 'Download .csv file' on the console's Retrieve access key "
    "page (or create a new access key), and do not edit it by hand."
)

# Header columns, compared after strip() and lower(), like `aws configure import` does.
CSV_HEADERS: dict[tuple[str, ...], KeyFileFormat] = {
    ("access key id", "secret access key"): KeyFileFormat.CURRENT,
    (
        "user name",
        "password",
        "access key id",
        "secret access key",
        "console login link",
    ): KeyFileFormat.IAM_2017,
    ("user name", "access key id", "secret access key"): KeyFileFormat.IAM_2015,
}
KNOWN_HEADERS = (
    "'Access key ID,Secret access key'",
    "'User name,Password,Access key ID,Secret access key,Console login link'",
    "'User Name,Access Key Id,Secret Access Key'",
    "AWSAccessKeyId=/AWSSecretKey= lines",
)
LEGACY_NAMES = ("AWSAccessKeyId", "AWSSecretKey")


def parse_key_file(data: bytes, source_name: str) -> AccessKey:
    """The one access key a key file holds; KeyFileError when the file is anything else."""
    text = _decode(data, source_name)
    first = next(line.strip() for line in text.splitlines() if line.strip())
    if first.startswith(LEGACY_NAMES):
        return _parse_legacy(text, source_name)
    return _parse_csv(text, source_name)


def _fail(source_name: str, problem: str, fix: str = FIX_DOWNLOAD) -> KeyFileError:
    return KeyFileError(step=STEP, reason=f"{source_name} {problem}.", fix=fix)


def _decode(data: bytes, source_name: str) -> str:
    """The file as text, refusing empty, oversized, binary, non-UTF-8 and web-page content."""
    if len(data) > MAX_KEY_FILE_BYTES:
        raise _fail(source_name, f"is {len(data)} bytes, far too large to be a key file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _fail(
            source_name,
            "is UTF-16 text (re-saved by a spreadsheet?)",
            "Save it again as 'CSV UTF-8', or download the key file again.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(source_name, "is not UTF-8 text (binary data?)") from None
    if not text.strip():
        raise _fail(source_name, "is empty (the download may have been interrupted)")
    if any((ord(c) < 32 and c not in "\t\r\n") or c == "\x7f" for c in text):
        raise _fail(source_name, "holds control characters, so it is binary data, not a key file")
    start = text.lstrip()[:1]
    if start == "<":
        raise _fail(
            source_name,
            "is an HTML or XML page, not a key file (an error or sign-in page was saved instead "
            "of the download)",
        )
    if start == "{":
        raise _fail(source_name, "is JSON (an error answer?), not a key file")
    return text


def _parse_legacy(text: str, source_name: str) -> AccessKey:
    """The pre-2016 root key file: 'AWSAccessKeyId=...' and 'AWSSecretKey=...' lines."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or name not in LEGACY_NAMES:
            raise _fail(
                source_name,
                f"has a line (line {number}) that is neither AWSAccessKeyId= nor AWSSecretKey=",
            )
        if name in values:
            raise _fail(source_name, f"names {name} twice (line {number}), so the key is ambiguous")
        values[name] = value.strip()
    missing = [name for name in LEGACY_NAMES if name not in values]
    if missing:
        raise _fail(source_name, f"has no {missing[0]}= line")
    return _validated(
        values["AWSAccessKeyId"],
        values["AWSSecretKey"],
        None,
        KeyFileFormat.LEGACY_ROOT,
        source_name,
        "",
    )


def _parse_csv(text: str, source_name: str) -> AccessKey:
    """A CSV key file with one of the known headers and exactly one key."""
    try:
        rows = [
            (number, [field.strip() for field in row])
            for number, row in _numbered_rows(text)
            if any(field.strip() for field in row)
        ]
    except csv.Error:
        raise _fail(source_name, "is not valid CSV") from None
    if not rows:
        raise _fail(source_name, "holds no values (only quotes and commas)")
    header_number, header = rows[0]
    key_format = CSV_HEADERS.get(tuple(column.lower() for column in header))
    if key_format is None:
        if len(header) >= 2 and key_id_problem(header[0]) is None:
            raise _fail(source_name, "has no header line (the first line is already a key)")
        raise _fail(
            source_name,
            f"has an unknown header on line {header_number} (expected "
            + ", ".join(KNOWN_HEADERS[:-1])
            + f" or {KNOWN_HEADERS[-1]})",
        )
    columns = [column.lower() for column in header]
    keys: list[AccessKey] = []
    for number, row in rows[1:]:
        if len(row) != len(columns):
            raise _fail(
                source_name,
                f"has {_fields(len(row))} on line {number} where the header has {_fields(len(columns))}",
            )
        fields = dict(zip(columns, row, strict=True))
        key = _validated(
            fields["access key id"],
            fields["secret access key"],
            fields.get("user name") or None,
            key_format,
            source_name,
            f" on line {number}",
        )
        if key not in keys:
            keys.append(key)
    if not keys:
        raise _fail(source_name, "has a header but no access key")
    if len(keys) > 1:
        raise _fail(
            source_name,
            f"holds {len(keys)} different access keys, so it is ambiguous which one to use",
            "Copy the file, keep only the header and the row of the key you want, and use the copy.",
        )
    return keys[0]


def _fields(count: int) -> str:
    return f"{count} field" if count == 1 else f"{count} fields"


def _numbered_rows(text: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the line number each one starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    line = 1
    for row in reader:
        rows.append((line, row))
        line = reader.line_num + 1
    return rows


def _validated(
    key_id: str,
    secret: str,
    user_name: str | None,
    key_format: KeyFileFormat,
    source_name: str,
    where: str,
) -> AccessKey:
    """An AccessKey once both values have the right shape; the error never echoes them."""
    problem = key_id_problem(key_id)
    if problem:
        raise _fail(source_name, f"has an access key ID{where} that is not valid: {problem}")
    problem = secret_problem(secret)
    if problem:
        raise _fail(source_name, f"has a secret access key{where} that is not valid: {problem}")
    return AccessKey(key_id, secret, user_name, key_format)

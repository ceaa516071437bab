"""parse_key_file: every format the console produced, and every way a key file can be wrong."""

from __future__ import annotations

import codecs
import itertools

import pytest
from key_samples import EXAMPLE_ID, EXAMPLE_SECRET, make_key_id, make_secret

from automation.errors import ExitCode, KeyFileError
from automation.keys import AccessKey, KeyFileFormat, parse_key_file

BOM = codecs.BOM_UTF8
CURRENT_HEADER = "Access key ID,Secret access key"
IAM_2017_HEADER = "User name,Password,Access key ID,Secret access key,Console login link"
IAM_2015_HEADER = "User Name,Access Key Id,Secret Access Key"
LINK = "https://123456789012.signin.aws.amazon.com/console"


def lines(*rows: str, newline: str = "\n", trailing: bool = True, bom: bool = False) -> bytes:
    text = newline.join(rows) + (newline if trailing else "")
    return (BOM if bom else b"") + text.encode()


# -- the formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "newline", "trailing"),
    list(itertools.product([False, True], ["\n", "\r\n"], [True, False])),
)
def test_current_format_with_or_without_bom_lf_or_crlf_trailing_newline_or_not(bom, newline, trailing):
    data = lines(
        CURRENT_HEADER, f"{EXAMPLE_ID},{EXAMPLE_SECRET}", newline=newline, trailing=trailing, bom=bom
    )
    key = parse_key_file(data, "rootkey.csv")
    assert key == AccessKey(EXAMPLE_ID, EXAMPLE_SECRET, None, KeyFileFormat.CURRENT)


def test_current_format_with_keys_made_now(rng):
    for _ in range(20):
        key_id, secret = make_key_id(rng), make_secret(rng)
        key = parse_key_file(lines(CURRENT_HEADER, f"{key_id},{secret}"), "alice_accessKeys.csv")
        assert (key.access_key_id, key.secret_access_key) == (key_id, secret)


def test_header_case_spaces_and_blank_lines_are_tolerated():
    data = lines(" access KEY id , Secret Access Key ", f" {EXAMPLE_ID} , {EXAMPLE_SECRET} ", "", "  ")
    assert parse_key_file(data, "k.csv").format is KeyFileFormat.CURRENT


def test_the_same_row_twice_is_not_ambiguous():
    row = f"{EXAMPLE_ID},{EXAMPLE_SECRET}"
    assert parse_key_file(lines(CURRENT_HEADER, row, row), "k.csv").access_key_id == EXAMPLE_ID


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("secret_first", [False, True])
def test_legacy_root_key_lines(newline, bom, secret_first):
    rows = [f"AWSAccessKeyId={EXAMPLE_ID}", f"AWSSecretKey={EXAMPLE_SECRET}"]
    if secret_first:
        rows.reverse()
    key = parse_key_file(lines(*rows, newline=newline, bom=bom), "rootkey.csv")
    assert key == AccessKey(EXAMPLE_ID, EXAMPLE_SECRET, None, KeyFileFormat.LEGACY_ROOT)


def test_legacy_root_key_lines_with_spaces_around_the_equals_sign():
    data = lines(f"AWSAccessKeyId = {EXAMPLE_ID}", f"AWSSecretKey = {EXAMPLE_SECRET}", trailing=False)
    assert parse_key_file(data, "rootkey.csv").secret_access_key == EXAMPLE_SECRET


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
def test_iam_credentials_csv_2017(newline, bom):
    row = f'alice,"pa,ss""word",{EXAMPLE_ID},{EXAMPLE_SECRET},{LINK}'
    key = parse_key_file(lines(IAM_2017_HEADER, row, newline=newline, bom=bom), "credentials.csv")
    assert key == AccessKey(EXAMPLE_ID, EXAMPLE_SECRET, "alice", KeyFileFormat.IAM_2017)


def test_iam_credentials_csv_2017_without_console_password():
    row = f"deploy-bot,,{EXAMPLE_ID},{EXAMPLE_SECRET},"
    key = parse_key_file(lines(IAM_2017_HEADER, row), "new_user_credentials.csv")
    assert key.user_name == "deploy-bot"


@pytest.mark.parametrize("user_cell", ['"Alice Smith"', "alice"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_iam_credentials_csv_2015_with_quoted_or_plain_user_name(user_cell, newline):
    data = lines(IAM_2015_HEADER, f"{user_cell},{EXAMPLE_ID},{EXAMPLE_SECRET}", newline=newline)
    key = parse_key_file(data, "credentials.csv")
    assert key.format is KeyFileFormat.IAM_2015
    assert key.user_name == user_cell.strip('"')
    assert key.secret_access_key == EXAMPLE_SECRET


# -- the secret never shows -------------------------------------------------------------------


def test_repr_and_str_never_show_the_secret(example_key):
    for text in (
        repr(example_key),
        str(example_key),
        f"{example_key}",
        "{}".format(example_key),  # noqa: UP032 - the format() path, not only f-strings
        repr([example_key]),
    ):
        assert EXAMPLE_SECRET not in text
        assert EXAMPLE_SECRET[:10] not in text
        assert EXAMPLE_ID in text


def test_an_access_key_of_the_wrong_shape_cannot_be_made_and_is_not_echoed():
    with pytest.raises(ValueError) as caught:
        AccessKey(EXAMPLE_ID, EXAMPLE_SECRET[:-1] + "\n", None, KeyFileFormat.CURRENT)
    assert EXAMPLE_SECRET[:-1] not in str(caught.value)
    with pytest.raises(ValueError):
        AccessKey(EXAMPLE_SECRET, EXAMPLE_ID, None, KeyFileFormat.CURRENT)


# -- malformed files --------------------------------------------------------------------------

GOOD_ROW = f"{EXAMPLE_ID},{EXAMPLE_SECRET}"
OTHER_ID = EXAMPLE_ID.replace("IOSF", "QQQQ")  # still an EXAMPLE id, different key
BAD_IDS = {
    "lower case": EXAMPLE_ID.lower(),
    "wrong prefix": "AKIB" + EXAMPLE_ID[4:],
    "temporary ASIA": "ASIA" + EXAMPLE_ID[4:],
    "digit 0 is not base32": EXAMPLE_ID[:-1] + "0",
    "digit 8 is not base32": EXAMPLE_ID[:-1] + "8",
    "too short": EXAMPLE_ID[:-1],
    "too long": EXAMPLE_ID + "A",
    "empty": "",
}
BAD_SECRETS = {
    "39 characters": EXAMPLE_SECRET[:-1],
    "41 characters": EXAMPLE_SECRET + "A",
    "an equals sign": EXAMPLE_SECRET[:-1] + "=",
    "a space inside": EXAMPLE_SECRET[:20] + " " + EXAMPLE_SECRET[21:],
    "a dash": EXAMPLE_SECRET[:-1] + "-",
    "empty": "",
}
MALFORMED: dict[str, bytes] = {
    "empty": b"",
    "only spaces and newlines": b" \r\n\n  \n",
    "only a BOM": BOM + b"\n",
    "only quotes and commas": b'"",,\n"\n',
    "header only": lines(CURRENT_HEADER),
    "no header": lines(GOOD_ROW),
    "wrong header": lines("Key,Secret", GOOD_ROW),
    "swapped header": lines("Secret access key,Access key ID", f"{EXAMPLE_SECRET},{EXAMPLE_ID}"),
    "extra column": lines(CURRENT_HEADER, GOOD_ROW + ",extra"),
    "missing column": lines(CURRENT_HEADER, EXAMPLE_ID),
    "two different keys": lines(CURRENT_HEADER, GOOD_ROW, f"{OTHER_ID},{EXAMPLE_SECRET}"),
    "two users in one credentials.csv": lines(
        IAM_2017_HEADER,
        f"alice,,{EXAMPLE_ID},{EXAMPLE_SECRET},{LINK}",
        f"bob,,{OTHER_ID},{EXAMPLE_SECRET},{LINK}",
    ),
    "columns swapped under the right header": lines(CURRENT_HEADER, f"{EXAMPLE_SECRET},{EXAMPLE_ID}"),
    "legacy without secret": lines(f"AWSAccessKeyId={EXAMPLE_ID}"),
    "legacy twice": lines(
        f"AWSAccessKeyId={EXAMPLE_ID}", f"AWSAccessKeyId={OTHER_ID}", f"AWSSecretKey={EXAMPLE_SECRET}"
    ),
    "legacy with a foreign line": lines(
        f"AWSAccessKeyId={EXAMPLE_ID}", f"AWSSecretKey={EXAMPLE_SECRET}", "Region=us-east-1"
    ),
    "binary with NUL bytes": b"\x00\x01" + GOOD_ROW.encode() + b"\x00",
    "a PNG": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "not UTF-8": b"Access key ID,Secret access key\n\xff\xfe\xfa" + GOOD_ROW.encode(),
    "UTF-16 from a spreadsheet": (CURRENT_HEADER + "\r\n" + GOOD_ROW + "\r\n").encode("utf-16"),
    "HTML error page": b"<!DOCTYPE html>\n<html><head><title>Error</title></head>\n"
    b"<body>Session expired</body></html>\n",
    "HTML after blank lines": b"\n\n  <html><body>" + GOOD_ROW.encode() + b"</body></html>",
    "JSON error": b'{"error": {"code": "AccessDenied", "secret": "' + EXAMPLE_SECRET.encode() + b'"}}',
    "far too large": lines(CURRENT_HEADER, GOOD_ROW) + b"#" * (70 * 1024),
    "unterminated quote": lines(IAM_2015_HEADER, f'"alice,{EXAMPLE_ID},{EXAMPLE_SECRET}'),
}
for _name, _bad_id in BAD_IDS.items():
    MALFORMED[f"key id: {_name}"] = lines(CURRENT_HEADER, f"{_bad_id},{EXAMPLE_SECRET}")
for _name, _bad_secret in BAD_SECRETS.items():
    MALFORMED[f"secret: {_name}"] = lines(CURRENT_HEADER, f"{EXAMPLE_ID},{_bad_secret}")
    MALFORMED[f"legacy secret: {_name}"] = lines(
        f"AWSAccessKeyId={EXAMPLE_ID}", f"AWSSecretKey={_bad_secret}"
    )


@pytest.mark.parametrize("data", list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_files_are_refused_without_echoing_the_secret(data):
    with pytest.raises(KeyFileError) as caught:
        parse_key_file(data, "rootkey.csv")
    error = caught.value
    message = str(error)
    assert error.exit_code == ExitCode.BAD_KEY_FILE
    assert error.step and error.reason and error.fix
    assert "rootkey.csv" in error.reason
    # No part of any secret-like value in the file reaches the message.
    for secret in [EXAMPLE_SECRET, *BAD_SECRETS.values()]:
        if len(secret) >= 12:
            assert secret[:12] not in message
            assert secret[-12:] not in message


def test_wrong_header_message_lists_the_known_headers():
    with pytest.raises(KeyFileError) as caught:
        parse_key_file(lines("Key,Secret", GOOD_ROW), "k.csv")
    assert "Access key ID,Secret access key" in caught.value.reason


def test_ambiguous_file_says_how_to_choose():
    with pytest.raises(KeyFileError) as caught:
        parse_key_file(MALFORMED["two different keys"], "k.csv")
    assert "2 different access keys" in caught.value.reason
    assert "keep only" in caught.value.fix


def test_temporary_key_is_named_as_such():
    with pytest.raises(KeyFileError) as caught:
        parse_key_file(MALFORMED["key id: temporary ASIA"], "k.csv")
    assert "temporary (ASIA)" in caught.value.reason

"""write_import_csv: a copy that `aws configure import --csv file://…` accepts, kept privately."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from key_samples import EXAMPLE_ID, EXAMPLE_SECRET

from automation.errors import SettingError, StorageError
from automation.keys import KeyFileFormat, import_copy_path, parse_key_file, write_import_csv


def aws_cli_import_rows(text: str) -> list[dict[str, str]]:
    """What aws-cli's CSVCredentialParser reads: naive comma split, lower-cased headers, BOM off."""
    lines = text.lstrip("\ufeff").splitlines()
    headers = [h.lower().strip() for h in lines[0].split(",")]
    wanted = {
        "User Name": "user name",
        "Access Key ID": "access key id",
        "Secret Access key": "secret access key",
    }
    rows = []
    for line in lines[1:]:
        cols = line.split(",")
        rows.append({name: cols[headers.index(low)].strip() for name, low in wanted.items()})
    return rows


def test_content_is_what_the_importer_expects(tmp_path, example_key, loose_umask):
    keys_dir = tmp_path / "keys"
    path = write_import_csv(example_key, "course-author", keys_dir / "access-keys-import.csv")
    text = path.read_text(encoding="ascii")
    assert text == f"User Name,Access Key ID,Secret Access Key\ncourse-author,{EXAMPLE_ID},{EXAMPLE_SECRET}\n"
    assert aws_cli_import_rows(text) == [
        {"User Name": "course-author", "Access Key ID": EXAMPLE_ID, "Secret Access key": EXAMPLE_SECRET}
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700


def test_our_own_parser_reads_the_copy_back(tmp_path, example_key):
    path = write_import_csv(example_key, "alice@example.com", tmp_path / "keys" / "copy.csv")
    key = parse_key_file(path.read_bytes(), path.name)
    assert (key.access_key_id, key.secret_access_key, key.user_name) == (
        EXAMPLE_ID,
        EXAMPLE_SECRET,
        "alice@example.com",
    )
    assert key.format is KeyFileFormat.IAM_2015


def test_never_overwrites(tmp_path, example_key):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    existing = keys_dir / "access-keys-import.csv"
    existing.write_text("mine")
    path = write_import_csv(example_key, "course", existing)
    assert path == keys_dir / "access-keys-import-2.csv"
    assert existing.read_text() == "mine"


def test_refuses_a_folder_others_can_open(tmp_path, example_key):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(StorageError, match="chmod 700"):
        write_import_csv(example_key, "course", folder / "copy.csv")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", ["", "a,b", '"quoted"', "two words", " padded", "x" * 65, "new\nline", "é"])
def test_user_names_the_importer_would_mangle_are_refused(tmp_path, example_key, name):
    with pytest.raises(SettingError):
        write_import_csv(example_key, name, tmp_path / "keys" / "copy.csv")
    assert not (tmp_path / "keys").exists()


def test_default_copy_path_is_beside_the_key_file():
    assert import_copy_path(Path("/k/access-keys.csv")) == Path("/k/access-keys-import.csv")
    assert import_copy_path(Path("/k/alice_accessKeys.csv")) == Path("/k/alice_accessKeys-import.csv")

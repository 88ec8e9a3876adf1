"""Copies of the stored files (Django's default storage: a directory or object storage) to
a local directory and back, for backups: `teilhabe backup-files`, `teilhabe restore-files`.
Both go through the storage API, so one pair of commands serves both kinds of storage."""
import posixpath
import shutil
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

CHUNK = 1024 * 1024


def stored_names(storage=default_storage, path=""):
    """Every file name in the storage, below `path`."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a directory storage nothing was saved to yet
        return
    for name in files:
        yield posixpath.join(path, name) if path else name
    for directory in directories:
        yield from stored_names(storage, posixpath.join(path, directory) if path else directory)


def _local(directory, name):
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"unusable stored name {name!r}")
    return Path(directory, *parts)


def back_up(directory, storage=default_storage):
    """Copies every stored file into `directory` under its stored name; returns their number.
    A file already there with the same size is not copied again."""
    count = 0
    for name in stored_names(storage):
        target = _local(directory, name)
        count += 1
        if target.is_file() and target.stat().st_size == storage.size(name):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
    return count


def restore(directory, storage=default_storage):
    """Puts every file under `directory` into the storage under its name there; a name the
    storage has already is left as it is (a restore can be run again after an interruption).
    Returns (copied, already there)."""
    copied = present = 0
    root = Path(directory)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        if storage.exists(name):
            present += 1
            continue
        with open(path, "rb") as source:
            saved = storage.save(name, File(source, name=path.name))
        if saved != name:
            raise RuntimeError(f"the storage kept {name!r} as {saved!r}")
        copied += 1
    return copied, present


def copy_out(names, directory, storage=default_storage):
    """Copies stored files into `directory` under other names: `names` are pairs (name in
    the directory, name in the storage), as the exchange export's media (news_sections).
    Returns (copied, stored names that are missing)."""
    copied, missing = 0, []
    for local_name, stored_name in names:
        target = _local(directory, local_name)
        if not storage.exists(stored_name):
            missing.append(stored_name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(stored_name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        copied += 1
    return copied, missing

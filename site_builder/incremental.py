"""Incremental builds: what every output is made from, and what the last build wrote.

A page's fingerprint hashes everything its bytes depend on: the page's path and
template, its context (whatever the plan puts there), the templates it uses (its
`extends`, `include`s and `import`s, followed to the end), the site-wide values every
template sees (settings, UI strings, static file names) and the version of the code.
It is computed from the values themselves, walked generically, so it keeps working
when the plan passes new kinds of objects to templates. A page whose fingerprint is
the one recorded for the file on disk is not rendered; a rendered page whose bytes are
the ones on disk is not written.

The record of a build (`SiteRecord`) lists each output with its fingerprint, content
hash, size, modification time and inode. An output whose file on disk does not match
its record (deleted or edited by hand) is written again; a file in the output folder
the build did not plan is deleted.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import marshal
import operator
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import jinja2
from jinja2 import meta

from .cache import code_version, pack_entry, unpack_entry, write_atomically
from .problems import BuildError, Problem
from .theme import Folders, all_files

_SIZE = 16
# Values that are their own token; `marshal` (format 2, which has no back-references) writes
# them the same way in every process, and fast.
_ATOMS = frozenset({str, int, float, bool, type(None), bytes})
_NESTED = frozenset({tuple, list})
_SHORT = 16
_DATES = frozenset({dt.date, dt.datetime, dt.time, dt.timedelta})


def _seal(kind: str, parts: tuple) -> tuple:
    """A fixed-size token standing for a composite value."""
    try:
        text = b"m" + marshal.dumps((kind, parts), 2)
    except ValueError:  # not expected: parts are atoms and tokens
        text = b"r" + repr((kind, parts)).encode("utf-8", "surrogatepass")
    return ("#", hashlib.blake2b(text, digest_size=_SIZE).digest())


class Fingerprints:
    """Fingerprints of values for one build, each object walked once however many pages share it.

    Objects are remembered by identity, and kept alive until the build ends so an
    identity is never reused for another object: the model is immutable (frozen
    dataclasses and tuples), so a shared object has the same fingerprint in every page.
    """

    def __init__(self):
        self._memo: dict[int, tuple[object, tuple]] = {}
        self._kinds: dict[type, tuple] = {}
        # An object that cannot be fingerprinted (no stable representation) makes the page
        # that holds it be rendered every time; that is only slower, never wrong.
        self._volatile = ("volatile", os.urandom(8))
        # Names of the classes met that could not be fingerprinted (for tests and --debug).
        self.volatile: set[str] = set()

    def token(self, value):
        """The fingerprint token of `value`: the value itself for atoms, a sealed hash otherwise."""
        kind = type(value)
        if kind in _ATOMS:
            return value
        if kind in _DATES:
            return ("@", kind.__name__, str(value))
        if kind is tuple and len(value) < _SHORT:
            # Most tuples are short and met once: their parts stand in the token as they are,
            # neither hashed on their own nor remembered.
            return ("t", self._parts(value))
        memo = self._memo.get(id(value))
        if memo is not None:
            return memo[1]
        self._memo[id(value)] = (value, self._volatile)  # a cycle reaching back here is volatile
        token = self._walk(kind, value)
        self._memo[id(value)] = (value, token)
        return token

    def digest(self, *values) -> bytes:
        return _seal("digest", tuple(self.token(v) for v in values))[1]

    def _walk(self, kind: type, value):
        if kind is tuple or kind is list:
            types = set(map(type, value))
            if types <= _ATOMS:
                return _seal(kind.__name__, tuple(value))
            if types <= _NESTED:  # pairs and the like: one pass of marshal instead of a token each
                try:
                    return _seal(f"{kind.__name__}/nested", marshal.dumps(value, 2))
                except ValueError:  # something deeper is not plain data
                    pass
            return _seal(kind.__name__, self._parts(value))
        if kind is dict:
            return _seal("dict", self._parts(value.items()))
        how = self._kinds.get(kind)
        if how is None:
            how = self._kinds[kind] = _how_to_walk(kind)
        style, name, read = how
        if style == "fields":
            return _seal(name, self._parts(read(value)))
        if style == "str":
            return _seal(name, str(value))
        if style == "set":
            return _seal(name, tuple(sorted(repr(self.token(v)) for v in value)))
        if style == "dict":
            return _seal(name, self._parts(value.items()))
        if style == "sequence":
            return _seal(name, self._parts(value))
        if style == "repr":
            return _seal(name, repr(value))
        self.volatile.add(name)
        return self._volatile

    def _parts(self, values) -> tuple:
        """The tokens of `values`; when all are atoms (checked in C), the values themselves."""
        values = tuple(values)
        if _ATOMS.issuperset(map(type, values)):
            return values
        token, atoms = self.token, _ATOMS
        return tuple([v if type(v) in atoms else token(v) for v in values])


def _how_to_walk(kind: type) -> tuple:
    """How values of `kind` are fingerprinted; any class not known here is volatile."""
    name = f"{kind.__module__}.{kind.__qualname__}"
    if dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind)]
        # One C call reads every field, as a tuple.
        read = operator.attrgetter(*names) if len(names) > 1 else \
            (lambda v, n=tuple(names): tuple(getattr(v, x) for x in n))
        return ("fields", name, read)
    if issubclass(kind, (enum.Enum, PurePath)):
        return ("repr", name, ())
    if issubclass(kind, str):  # markupsafe.Markup and the like: the class says how it is escaped
        return ("str", name, ())
    if issubclass(kind, (set, frozenset)):
        return ("set", name, ())
    if issubclass(kind, dict):
        return ("dict", name, ())
    if issubclass(kind, (tuple, list)):
        return ("sequence", name, ())
    return ("volatile", name, ())


class Comparison:
    """Is a value the same as the one the previous build used? For a process that keeps the previous plan.

    The same object, or atoms of the same type and value, or containers and dataclasses
    of the same type whose parts are the same, recursively. Where a page's inputs are
    the same as last time its fingerprint is too, so the dev server decides what to
    render without hashing: comparing mostly meets the very objects it met last time
    (the cached documents' texts), and stops at the first of them.
    """

    def __init__(self):
        self._memo: dict[tuple[int, int], tuple] = {}
        self._kinds: dict[type, tuple] = {}

    def same(self, new, old) -> bool:
        if new is old:
            return True
        kind = type(new)
        if kind is not type(old):
            return False
        if kind in _ATOMS or kind in _DATES:
            return new == old
        if kind is tuple and len(new) < _SHORT:
            return self._parts(new, old)  # short tuples are met once: not remembered
        key = (id(new), id(old))
        found = self._memo.get(key)
        if found is None:
            # The pair is kept with the answer, so neither identity can be reused for another object.
            found = self._memo[key] = (new, old, self._compare(kind, new, old))
        return found[2]

    def _parts(self, new, old) -> bool:
        """`new` and `old` (sequences) hold the same values, position by position."""
        if len(new) != len(old):
            return False
        same, atoms = self.same, _ATOMS
        for a, b in zip(new, old):
            if a is b:
                continue
            kind = type(a)
            if kind is not type(b) or not (a == b if kind in atoms else same(a, b)):
                return False
        return True

    def _compare(self, kind: type, new, old) -> bool:
        if kind is tuple or kind is list:
            return self._parts(new, old)
        if kind is dict:
            return self._parts(tuple(new), tuple(old)) and self._parts(tuple(new.values()), tuple(old.values()))
        how = self._kinds.get(kind)
        if how is None:
            how = self._kinds[kind] = _how_to_walk(kind)
        style, _, read = how
        if style == "fields":
            return self._parts(read(new), read(old))
        if style == "sequence":
            return self._parts(new, old)
        if style == "dict":
            return self._parts(tuple(new), tuple(old)) and self._parts(tuple(new.values()), tuple(old.values()))
        if style in ("str", "repr"):
            return new == old
        if style == "set":
            return new == old and sorted(map(repr, map(type, new))) == sorted(map(repr, map(type, old)))
        return False  # an object we cannot look into: only itself is the same


# ---------------------------------------------------------------------------
# Templates


class TemplateSet:
    """The templates folder read once per build: each file's hash, and what each template uses."""

    def __init__(self, env: jinja2.Environment, templates: Folders):
        self.env = env
        self.files = template_hashes(templates)
        self._closures: dict[str, bytes] = {}
        self._parsed: dict[str, frozenset[str | None]] = {}

    @property
    def digest(self) -> str:
        """One hash of every template file, for the build-level "nothing changed" check."""
        return hashlib.blake2b(repr(sorted(self.files.items())).encode(), digest_size=_SIZE).hexdigest()

    def closure(self, name: str) -> bytes:
        """A hash of `name` and every template it extends, includes or imports, at any depth."""
        found = self._closures.get(name)
        if found is None:
            seen: set[str] = set()
            todo = [name]
            dynamic = False
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                for ref in self._references(current):
                    if ref is None:
                        dynamic = True  # `{% include some_variable %}`: any template may be used
                    else:
                        todo.append(ref)
            used = self.files if dynamic else {n: self.files.get(n, "missing") for n in seen}
            found = self._closures[name] = hashlib.blake2b(repr(sorted(used.items())).encode(),
                                                           digest_size=_SIZE).digest()
        return found

    def _references(self, name: str) -> frozenset[str | None]:
        refs = self._parsed.get(name)
        if refs is None:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)
                refs = frozenset(meta.find_referenced_templates(self.env.parse(source, name, filename)))
            except jinja2.TemplateSyntaxError as exc:
                raise BuildError([Problem(f"templates/{exc.name or name}", exc.lineno, "error",
                                          exc.message or str(exc))]) from None
            except jinja2.TemplateNotFound:
                # Rendering names the page that needs it; here it only makes the fingerprint differ.
                refs = frozenset()
            self._parsed[name] = refs
        return refs


def template_hashes(templates: Folders) -> dict[str, str]:
    """Template name (path under a templates folder) → hash of the bytes of the file the loader uses."""
    return {name: hashlib.blake2b(path.read_bytes(), digest_size=_SIZE).hexdigest()
            for name, path in all_files(templates).items()}


# ---------------------------------------------------------------------------
# The record of what a build wrote


@dataclass(frozen=True)
class Output:
    """One file of the site as the last build left it."""

    fingerprint: bytes | None  # None for files whose bytes were known without rendering
    digest: str
    size: int
    mtime_ns: int
    inode: int

    def matches(self, stat: os.stat_result | None) -> bool:
        """The file on disk is still the one this build wrote."""
        return stat is not None and (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (self.size, self.mtime_ns, self.inode)


@dataclass(frozen=True)
class SiteRecord:
    out_dir: str
    # Hash of every input of the build: unchanged inputs and an untouched site mean nothing to do.
    inputs: str
    outputs: dict[str, Output] = field(hash=False)
    # What the build reported, so a build with nothing to do can report the same.
    summary: object = None
    # The cache keys of the seeds it read, so the next build can drop the entries it no longer needs.
    sources: frozenset = frozenset()
    # Each thumbnail looked up (seed, value, line, picture's site path or ""): a picture can
    # appear or change without any seed changing.
    thumbnails: tuple = ()
    # What each shard of the search bundle in the site was made from (`build.ShardRecord`), and
    # whether the bundle was brought up to date by this build (the dev server leaves that to a later step).
    search: tuple = ()
    search_current: bool = False


def _record_key(out_dir: Path) -> str:
    return hashlib.blake2b(f"{code_version()}\n{out_dir}".encode(), digest_size=_SIZE).hexdigest()


def record_path(cache_dir: Path, out_dir: Path) -> Path:
    return cache_dir / "records" / f"{out_dir.name}-{_record_key(out_dir)[:12]}.record"


def load_record(cache_dir: Path | None, out_dir: Path) -> SiteRecord | None:
    """The record of the last build into `out_dir`, or None (none, unreadable, or from other code)."""
    if cache_dir is None:
        return None
    try:
        blob = record_path(cache_dir, out_dir).read_bytes()
    except OSError:
        return None
    record = unpack_entry(_record_key(out_dir), blob)
    if not isinstance(record, SiteRecord) or record.out_dir != str(out_dir):
        return None
    return record


def save_record(cache_dir: Path | None, record: SiteRecord) -> None:
    if cache_dir is None:
        return
    out_dir = Path(record.out_dir)
    try:
        write_atomically(record_path(cache_dir, out_dir), pack_entry(_record_key(out_dir), record))
    except OSError:
        pass  # the next build is cold, not wrong


def forget_record(cache_dir: Path | None, out_dir: Path) -> None:
    if cache_dir is not None:
        try:
            record_path(cache_dir, out_dir).unlink()
        except OSError:
            pass


def scan_site(out_dir: Path) -> dict[str, os.stat_result]:
    """Every file in the output folder (path relative to it → its stat)."""
    found: dict[str, os.stat_result] = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    found[prefix + entry.name] = entry.stat(follow_symlinks=False)

    if out_dir.is_dir():
        walk(str(out_dir), "")
    return found

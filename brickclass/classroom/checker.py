"""Will this program run on a hub? The check before a program goes to a real hub, and a warning in the batch.

1. It must compile with the MicroPython cross-compiler at the hub firmware's
   bytecode version. pybricksdev picks that version from the hub: MPY ABI 6
   for every firmware that advertises the multi-file MPY 6 capability (profile
   1.2+) or is 3.2.0b2 or newer, ABI 5 before that (``PybricksHub.download``
   and ``_client_connect``). ``brickclass hub`` refuses hubs older than that,
   so programs are compiled here exactly as pybricksdev's ``compile_file``
   does for ABI 6: the ``mpy_cross_v6`` package it depends on, with the same
   arguments (a test compares the bytes).
2. It may import only what a hub has, or its own files next to it, which are
   checked too (pybricksdev downloads them with the program).
3. Nothing in it may need what the hub firmware leaves out (``hub_rules``):
   big integers, ``property``, ``sys.exit``, files, relative imports…

Each finding has a line (and the file, when it is one of the program's own
modules) and a message and hint in the pupil's language. The teacher's batch
keeps them as warnings; ``brickclass check`` and ``brickclass hub`` stop on them.
"""

from __future__ import annotations

import ast
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickclass.classroom.hub_rules import LocalImport, Spotted, inspect_tree
from brickclass.language import t
from brickclass.simulator.hub.hubfacts import NotUtf8, program_text
from brickclass.simulator.hub.modules import HUB_INT_MAX, HUB_INT_MIN, MISSING_MODULE_HINTS, missing_module_hint_key

COMPILE_TIMEOUT_S = 5.0  # a pupil's program compiles in milliseconds
COMPILER_GAVE_UP = "(mpy-cross took too long)"
MAX_LOCAL_MODULES = 50  # a program with more own files than this is not a pupil's program


@dataclass(frozen=True)
class Finding:
    line: int | None
    kind: str  # syntax | module | integer | feature | encoding
    message: str
    hint: str
    file: str | None = None  # one of the program's own modules; None for the program itself
    rule: str = ""  # stable id (module, integer, builtin, sys, print, relative-import, micropython-syntax, …)

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind, "rule": self.rule, "file": self.file,
                "message": self.message, "hint": self.hint}


@dataclass(frozen=True)
class CheckReport:
    """Everything ``brickclass check`` says about one program."""

    findings: list[Finding]
    compiled_bytes: int | None  # what pybricksdev would download (None when something does not compile)
    modules: list[str] = field(default_factory=list)  # the program's own modules that go along

    @property
    def ok(self) -> bool:
        return not self.findings


class CompilerMissing(RuntimeError):
    """mpy-cross could not be started (a broken install, or a system without a build of it)."""


def compile_for_hub(source: str, filename: str) -> tuple[bytes | None, str]:
    """(mpy bytes or None, the compiler's complaint), as pybricksdev compiles for MPY ABI 6.

    The same mpy-cross binary with the same arguments as ``mpy_cross_v6.mpy_cross_compile``
    (which pybricksdev calls), plus a time limit: the compiler folds constant
    expressions, and ``10**10**10`` would keep it busy for many seconds.
    """
    from mpy_cross_v6 import MPY_CROSS_PATH

    try:
        process = subprocess.run([MPY_CROSS_PATH, "-", "-s", filename], input=source.encode("utf-8"),
                                 capture_output=True, timeout=COMPILE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, COMPILER_GAVE_UP
    except OSError as exc:
        raise CompilerMissing(str(exc)) from exc
    if process.returncode == 0 and process.stdout:
        return process.stdout, ""
    return None, (process.stderr or b"").decode("utf-8", "replace") or "SyntaxError"


_COMPILER_LINE = re.compile(r"line (\d+)")


def _syntax_finding(complaint: str, source: str, filename: str, lang: str | None,
                    file: str | None) -> Finding:
    """A compile error: where CPython also fails it knows the spot better; where only MicroPython fails, say so."""
    message = complaint.strip().splitlines()[-1] if complaint.strip() else "SyntaxError"
    if complaint == COMPILER_GAVE_UP or message.startswith("MemoryError"):
        # Out of time or memory while folding numbers, not a mistake in the syntax.
        return Finding(None, "syntax", t("check.message.compiler_gave_up", lang),
                       t("check.hint.compiler_gave_up", lang), file, "compiler-gave-up")
    try:
        ast.parse(source, filename)
    except SyntaxError as exc:
        return Finding(exc.lineno, "syntax", message, t("check.hint.syntax", lang), file, "syntax")
    found = _COMPILER_LINE.search(complaint)
    line = int(found.group(1)) if found else None
    return Finding(line, "syntax", message, t("check.hint.micropython_syntax", lang), file, "micropython-syntax")


_BUILTIN_HINTS = {"quit": "exit", "__file__": "file"}  # built-ins that share a hint, or whose name is no key


def _word(spotted: Spotted, lang: str | None, file: str | None) -> Finding:
    facts = spotted.facts
    if spotted.rule == "module":
        module = facts["module"]
        if module.split(".")[0] in MISSING_MODULE_HINTS:
            hint = t(missing_module_hint_key(module), lang, module=module)
        else:  # not a module pupils know from a computer: most likely their own file is missing
            hint = t("check.hint.own_module", lang, module=module, file=module.replace(".", "/") + ".py")
        return Finding(spotted.line, "module", t("check.message.module", lang, module=module), hint, file, "module")
    if spotted.rule == "pybricks-module":
        module = facts["module"]
        return Finding(spotted.line, "module", t("check.message.module", lang, module=module),
                       t("explain.import.pybricks", lang, module=module), file, "pybricks-module")
    if spotted.rule == "integer":
        return Finding(spotted.line, "integer", t("check.message.integer", lang, number=facts["number"]),
                       t("check.hint.integer", lang, low=HUB_INT_MIN, high=HUB_INT_MAX), file, "integer")
    name = str(facts.get("name", ""))
    if spotted.rule == "builtin":
        return Finding(spotted.line, "feature", t("check.message.builtin", lang, name=name),
                       t(f"check.hint.builtin.{_BUILTIN_HINTS.get(name, name)}", lang), file, f"builtin:{name}")
    if spotted.rule == "sys":
        return Finding(spotted.line, "feature", t("check.message.sys", lang, name=name),
                       t(f"check.hint.sys.{name}", lang), file, f"sys:{name}")
    if spotted.rule == "print":
        return Finding(spotted.line, "feature", t("check.message.print", lang, name=name),
                       t("check.hint.print", lang), file, "print")
    return Finding(spotted.line, "feature", t("check.message.relative_import", lang),
                   t("check.hint.relative_import", lang), file, "relative-import")


def _local_file(folder: Path, name: str) -> Path | None:
    """The program's own module ``name``, where pybricksdev looks for it (``a/b.py`` or ``a/b/__init__.py``)."""
    parts = name.split(".")
    for candidate in (folder.joinpath(*parts).with_suffix(".py"), folder.joinpath(*parts, "__init__.py")):
        if candidate.is_file():
            return candidate
    return None


def _check_one(source: str, filename: str, lang: str | None,
               file: str | None) -> tuple[list[Finding], bytes | None, list[LocalImport]]:
    try:
        spotted, imports = inspect_tree(ast.parse(source, filename), source)
    except (SyntaxError, ValueError, RecursionError):
        spotted, imports = [], []
    findings = [_word(item, lang, file) for item in spotted]
    if any(item.facts.get("too_wide") for item in spotted):
        # Already known not to fit, and folding it would keep the compiler busy for a long time.
        return findings, None, imports
    mpy, complaint = compile_for_hub(source, filename)
    if complaint:
        findings.insert(0, _syntax_finding(complaint, source, filename, lang, file))
    return findings, mpy, imports


def _in_order(findings: list[Finding]) -> list[Finding]:
    """By file and line, each distinct finding once (``exit(); exit()`` is one thing to fix)."""
    unique: dict[tuple[str, int | None, str], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.file or "", finding.line, finding.message), finding)
    return sorted(unique.values(), key=lambda f: (f.file or "", f.line or 0))


def check_program_source(source: str, filename: str = "program.py", folder: Path | None = None,
                         lang: str | None = None) -> CheckReport:
    """Check a program (and, when ``folder`` is given, its own modules there) for a hub."""
    findings, mpy, imports = _check_one(source, filename, lang, None)
    blob: int | None = _blob_part("__main__", mpy)
    modules: list[str] = []
    # (an import, the file it is in): a missing module is reported where it is imported.
    pending: list[tuple[LocalImport, str | None]] = [(wanted, None) for wanted in imports]
    while pending:
        wanted, importer = pending.pop(0)
        if wanted.name in modules:
            continue
        path = _local_file(folder, wanted.name) if folder is not None else None
        if path is None:
            missing = Spotted(wanted.line, "module", "module", {"module": wanted.name})
            findings.append(_word(missing, lang, importer))
            continue
        if len(modules) >= MAX_LOCAL_MODULES:
            continue
        modules.append(wanted.name)
        shown = path.relative_to(folder).as_posix() if folder is not None else path.name
        try:
            module_source = program_text(str(path), shown)
        except NotUtf8 as exc:
            findings.append(not_utf8_finding(exc, lang, shown))
            blob = None
            continue
        except OSError:
            findings.append(Finding(wanted.line, "module", t("check.message.unreadable_module", lang, module=shown),
                                    t("check.hint.unreadable_module", lang), importer, "module-unreadable"))
            blob = None
            continue
        more, module_mpy, module_imports = _check_one(module_source, shown, lang, shown)
        findings.extend(more)
        part = _blob_part(wanted.name, module_mpy)
        blob = None if blob is None or part is None else blob + part
        pending.extend((module_import, shown) for module_import in module_imports)
    return CheckReport(_in_order(findings), blob, modules)


def _blob_part(name: str, mpy: bytes | None) -> int | None:
    """Bytes one module adds to pybricksdev's download: size, name, zero byte, then the MPY."""
    return None if mpy is None else 4 + len(name.encode()) + 1 + len(mpy)


def check_source(source: str, filename: str = "program.py", folder: Path | None = None,
                 lang: str | None = None) -> list[Finding]:
    """The findings for a program given as text (the teacher's batch, the teacher app)."""
    return check_program_source(source, filename, folder, lang).findings


def not_utf8_finding(exc: NotUtf8, lang: str | None, file: str | None) -> Finding:
    """The one sentence for a file saved in the old Windows encoding (the same words ``sim`` uses).

    A BOM and CRLF line endings need nothing: ``program_text`` reads the file as a
    hub gets it (``brickclass hub`` sends it without the BOM).
    """
    return Finding(exc.line, "encoding", t("explain.not_utf8.title", lang),
                   t("explain.not_utf8.hint", lang, line=exc.line), file, "not-utf8")


def check_program(path: Path, lang: str | None = None) -> CheckReport:
    """Check a program file and its own modules next to it. Raises OSError if unreadable."""
    try:
        source = program_text(str(path), path.name)
    except NotUtf8 as exc:
        return CheckReport([not_utf8_finding(exc, lang, None)], None)
    return check_program_source(source, path.name, path.parent, lang)


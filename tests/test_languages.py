"""Every text a pupil or teacher reads exists in Swedish and English, and the right one is chosen."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from brickclass.language import LOCALE_DIR, MissingText, catalogue, choose_language, number, plural_form, t

ROOT = Path(__file__).resolve().parents[1]
CODE_FOLDERS = ("brickclass", "simulator", "robots", "lessons", "tui")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(entry: str | dict[str, str]) -> list[str]:
    return list(entry.values()) if isinstance(entry, dict) else [entry]


def test_swedish_and_english_catalogues_have_the_same_keys():
    english, swedish = catalogue("en"), catalogue("sv")
    assert english, "no catalogues found"
    assert sorted(set(english) ^ set(swedish)) == []
    assert {p.name for p in (LOCALE_DIR / "en").glob("*.toml")} == {p.name for p in (LOCALE_DIR / "sv").glob("*.toml")}


def test_each_text_has_the_same_placeholders_in_both_languages():
    english, swedish = catalogue("en"), catalogue("sv")
    wrong = []
    for key, entry in english.items():
        other = swedish.get(key)
        if other is None:
            continue
        if isinstance(entry, dict) != isinstance(other, dict):
            wrong.append(f"{key}: plural in one language only")
            continue
        names = set().union(*(_placeholders(text) for text in _texts(entry)))
        other_names = set().union(*(_placeholders(text) for text in _texts(other)))
        if names != other_names:
            wrong.append(f"{key}: en {sorted(names)} sv {sorted(other_names)}")
    assert wrong == []


def _literal_keys() -> dict[str, list[str]]:
    """Every t("literal.key", ...) in our code, with where it is used."""
    used: dict[str, list[str]] = {}
    for folder in CODE_FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            if "site" in path.parts and "hub" in path.parts:
                continue  # the hub's own software speaks as a hub does, in English
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                        and node.args and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    used.setdefault(node.args[0].value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return used


def test_every_key_the_code_uses_exists_in_both_languages():
    used = _literal_keys()
    assert len(used) > 100, "the scan found too few keys: is it still reading the code?"
    for lang in ("en", "sv"):
        missing = {key: where for key, where in used.items() if key not in catalogue(lang)}
        assert missing == {}, f"missing in {lang}"


def test_a_missing_key_or_placeholder_fails_under_the_tests():
    with pytest.raises(MissingText):
        t("no.such.key")
    with pytest.raises(MissingText):
        t("classroom.graded")  # a plural text needs its count
    with pytest.raises(MissingText):
        t("classroom.roster_broken")  # needs {error}


@pytest.mark.parametrize(("count", "lang", "form"), [(0, "en", "other"), (1, "en", "one"), (2, "sv", "other"),
                                                     (1, "sv", "one"), (1.5, "sv", "other")])
def test_plural_forms_follow_the_count(count, lang, form):
    assert plural_form(count, lang) == form


def test_counted_texts_say_one_and_many_in_each_language():
    assert t("classroom.graded", lang="en", count=1) == "Graded 1 run."
    assert t("classroom.graded", lang="en", count=3) == "Graded 3 runs."
    assert t("classroom.graded", lang="sv", count=1) == "Rättade 1 körning."
    assert t("classroom.graded", lang="sv", count=3) == "Rättade 3 körningar."


def test_numbers_use_the_readers_decimal_sign():
    assert number(19.18, "sv", 2) == "19,18"
    assert number(19.18, "en", 2) == "19.18"


@pytest.fixture
def clean_environment(monkeypatch):
    for var in ("BRICKCLASS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_an_explicit_choice_wins_then_brickclass_lang(clean_environment):
    clean_environment.setenv("BRICKCLASS_LANG", "sv")
    clean_environment.setenv("LANGUAGE", "en")
    assert choose_language("en") == "en"
    assert choose_language(None) == "sv"


def test_environment_is_read_as_gettext_reads_it(clean_environment):
    clean_environment.setenv("LANG", "en_GB.UTF-8")
    clean_environment.setenv("LANGUAGE", "sv:en")
    assert choose_language(None) == "sv"  # LANGUAGE comes first, a list
    clean_environment.setenv("LANGUAGE", "de:sv")
    assert choose_language(None) == "sv"  # the first language of the list we have
    clean_environment.delenv("LANGUAGE")
    clean_environment.setenv("LC_ALL", "sv_SE.UTF-8")
    assert choose_language(None) == "sv"  # LC_ALL before LANG
    clean_environment.setenv("LC_ALL", "de_DE.UTF-8")
    assert choose_language(None) == "en"  # asked for a language we lack: English, not LANG's


def test_a_c_locale_falls_through_to_the_system(clean_environment):
    import brickclass.language as language

    clean_environment.setenv("LANG", "C.UTF-8")
    clean_environment.setattr(language, "_from_system", lambda: "sv")
    assert choose_language(None) == "sv"
    clean_environment.setattr(language, "_from_system", lambda: None)
    assert choose_language(None) == "en"

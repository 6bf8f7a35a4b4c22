"""Every text a pupil or teacher reads exists in Swedish and English."""

from __future__ import annotations

import tomllib

from brickclass.language import LOCALE_DIR, choose_language


def _keys(table: dict, prefix: str = "") -> set[str]:
    keys = set()
    for name, value in table.items():
        if isinstance(value, dict):
            keys |= _keys(value, f"{prefix}{name}.")
        else:
            keys.add(prefix + name)
    return keys


def test_swedish_and_english_catalogues_have_the_same_keys():
    english = sorted((LOCALE_DIR / "en").glob("*.toml"))
    assert english, "no catalogues found"
    for path in english:
        swedish = LOCALE_DIR / "sv" / path.name
        assert swedish.exists(), f"{path.name} has no Swedish version"
        en_keys = _keys(tomllib.loads(path.read_text(encoding="utf-8")))
        sv_keys = _keys(tomllib.loads(swedish.read_text(encoding="utf-8")))
        assert en_keys == sv_keys, f"{path.name}: {sorted(en_keys ^ sv_keys)}"


def test_language_comes_from_option_then_environment_then_locale(monkeypatch):
    monkeypatch.setenv("BRICKCLASS_LANG", "sv")
    assert choose_language("en") == "en"
    assert choose_language(None) == "sv"
    monkeypatch.delenv("BRICKCLASS_LANG")
    monkeypatch.setenv("LC_ALL", "sv_SE.UTF-8")
    assert choose_language(None) == "sv"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    monkeypatch.setenv("LANG", "C")
    assert choose_language(None) in ("en", "sv")

"""Post-process the .ts files after pyside6-lupdate (run by ``make i18n``).

pyside6-lupdate does not see plural (``%n``) messages whose count is a variable, so it
writes them as plain messages. This marks every ``%n`` message as numerus, keeps its
translation, and gives the English file its singular/plural forms (``room(s)`` ->
``room`` / ``rooms``). Untranslated English messages are filled with their source.

``finish.py --check FILE...`` changes nothing and exits 1 listing every unfinished or empty
translation: ``make i18n`` ends with it, so it fails the way
``tests/foundation/test_catalogue.py`` would (that test also checks the .qm files).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def finish(path: Path) -> list[str]:
    tree = ET.parse(path)
    english = path.stem.endswith("_en")
    missing: list[str] = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if "%n" in source:
            _numerus(message, translation, source, english)
        elif english and translation.get("type") == "unfinished":
            translation.text = source
            translation.attrib.pop("type", None)
        if translation.get("type") == "unfinished":
            missing.append(source)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def _numerus(message: ET.Element, translation: ET.Element, source: str, english: bool) -> None:
    """Make a ``%n`` message numerus with its forms, whether lupdate saw the count or not;
    forms already translated are kept, English ones are made from ``(s)``."""
    message.set("numerus", "yes")
    existing = [form.text or "" for form in translation.findall("numerusform")]
    text = (translation.text or "").strip()
    if english:
        forms = [source.replace("(s)", ""), source.replace("(s)", "s")]
    elif existing and all(existing):
        forms = existing
    else:
        forms = [text or (existing[0] if existing else "")]
    for child in list(translation):
        translation.remove(child)
    translation.text = None
    for form in forms:
        ET.SubElement(translation, "numerusform").text = form
    if all(forms):
        translation.attrib.pop("type", None)
    else:
        translation.set("type", "unfinished")


def unfinished(path: Path) -> list[str]:
    """The messages of ``path`` without a finished, non-empty translation."""
    problems = []
    for message in ET.parse(path).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") in {"unfinished", "vanished"}:
            problems.append(f"{path.name}: unfinished: {source}")
            continue
        forms = [f.text or "" for f in translation.findall("numerusform")]
        if not all(form.strip() for form in forms or [translation.text or ""]):
            problems.append(f"{path.name}: empty translation: {source}")
    return problems


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        problems = [text for arg in sys.argv[2:] for text in unfinished(Path(arg))]
        for text in problems:
            sys.stderr.write(text + "\n")
        sys.exit(1 if problems else 0)
    untranslated = [text for arg in sys.argv[1:] for text in finish(Path(arg))]
    for text in untranslated:
        sys.stderr.write(f"untranslated: {text}\n")

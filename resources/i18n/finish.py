"""Post-process the .ts files after pyside6-lupdate (run by ``make i18n``).

pyside6-lupdate does not see plural (``%n``) messages whose count is a variable, so it
writes them as plain messages. This marks every ``%n`` message as numerus, keeps its
translation, and gives the English file its singular/plural forms (``room(s)`` ->
``room`` / ``rooms``). Untranslated English messages are filled with their source.
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
        if "%n" in source and message.get("numerus") != "yes":
            message.set("numerus", "yes")
            text = translation.text or ""
            translation.text = None
            forms = [source.replace("(s)", ""), source.replace("(s)", "s")] if english else [text]
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
            if all(forms):
                translation.attrib.pop("type", None)
        elif english and translation.get("type") == "unfinished":
            translation.text = source
            translation.attrib.pop("type", None)
        if translation.get("type") == "unfinished":
            missing.append(source)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    untranslated = [text for arg in sys.argv[1:] for text in finish(Path(arg))]
    for text in untranslated:
        sys.stderr.write(f"untranslated: {text}\n")

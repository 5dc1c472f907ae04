"""Every text marked for translation is translated in every shipped language, placeholders intact.

The texts are extracted from the source as ``pybabel extract`` would (``babel.cfg``), so a text
added without its French and Spanish fails here, in CI, the day it is written.

To list what a language misses, as ``.po`` entries ready to fill (optionally only from some files)::

    python tests/test_translations.py fr [tocmap/ui/editor]
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from tocmap import i18n

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [code for code in i18n.SHIPPED if code != i18n.SOURCE]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
CONTEXT = "msgctxt"  # first item of the key of a text marked with a context (pgettext, npgettext)


def key(message: str | tuple, context: str | None) -> str | tuple:
    """A text's identity: the text (a plural is a (singular, plural) pair), under its context if it has one."""
    message = message if isinstance(message, str) else tuple(message)
    return (CONTEXT, context, message) if context else message


def marked() -> dict[str | tuple, list[str]]:
    """Every marked text (see :func:`key`) → where it is, as file:line."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict = defaultdict(list)
    skip = ("node_modules", ".", "_")
    for filename, line, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, directory_filter=lambda d: not Path(d).name.startswith(skip)
    ):
        found[key(message, context)].append(f"{filename}:{line}")
    return dict(found)


def catalogue(code: str) -> dict[str, tuple[str | tuple, list[str]]]:
    """Every translated entry of ``code`` across its files: id → (translation, files it is in)."""
    entries: dict = {}
    for po in sorted((i18n.LOCALES / code / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as source:
            for message in read_po(source, locale=code):
                if message.id and message.string and not message.fuzzy and all(message.string):
                    identity = key(message.id, message.context)
                    translation, files = entries.get(identity, (message.string, []))
                    entries[identity] = (translation if files else message.string, [*files, po.name])
    return entries


def _placeholders(text: str | tuple) -> set[str]:
    if isinstance(text, tuple) and text[0] == CONTEXT:
        text = text[2]
    texts = [text] if isinstance(text, str) else list(text)
    return {name for each in texts for name in PLACEHOLDER.findall(each)}


def missing(code: str, under: str = "") -> dict:
    """The marked texts ``code`` has no translation for (only those found under ``under``)."""
    have = catalogue(code)
    return {text: where for text, where in marked().items()
            if text not in have and any(w.startswith(under) for w in where)}


def test_babel_reads_every_marked_text():
    found = marked()
    assert "Sign out" in found, "the top bar's Sign out is marked and extracted"
    assert (CONTEXT, "verb", "Open") in found, "a word with two meanings is extracted under its context"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_text_is_translated(code):
    lacking = missing(code)
    listing = "\n".join(f"  {text!r}  ({where[0]})" for text, where in list(lacking.items())[:40])
    assert not lacking, (f"{len(lacking)} texts have no {code} translation; "
                         f"`python tests/test_translations.py {code}` lists them as .po entries:\n{listing}")


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_placeholders(code):
    broken = [text for text, (translation, _files) in catalogue(code).items()
              if _placeholders(text) != _placeholders(translation)]
    assert not broken, f"{code} translations that lose or invent a {{placeholder}}: {broken[:20]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_text_is_translated_in_one_file_only(code):
    twice = {text: files for text, (_t, files) in catalogue(code).items() if len(files) > 1}
    assert not twice, f"{code} texts translated in more than one file (keep one): {dict(list(twice.items())[:20])}"


if __name__ == "__main__":
    language, under = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    template = Catalog(locale=language)
    for text, where in missing(language, under).items():
        context, text = (text[1], text[2]) if isinstance(text, tuple) and text[0] == CONTEXT else (None, text)
        template.add(text, locations=[(f, int(n)) for f, n in (w.rsplit(":", 1) for w in where)], context=context)
    write_po(sys.stdout.buffer, template, width=120, omit_header=True)

"""The reader's language, and Django choices made from a domain vocabulary: a term's codes and its names
in both languages are written once, in the domain (plain constants), and the choices the models and forms
use are made from them here, each label picked by the language of the request that shows it."""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language


def is_english() -> bool:
    """Pages are Chinese unless the reader chose English."""
    return (get_language() or "").startswith("en")


def _pick(zh: str, en: str) -> str:
    return en if is_english() else zh


localised = lazy(_pick, str)


def vocabulary_choices(name: str, terms: dict[str, tuple[str, str]]) -> type[models.TextChoices]:
    """TextChoices whose values are the vocabulary's codes, in its order, and whose labels are its names
    (the English one capitalised, as a label stands alone)."""
    return models.TextChoices(
        name, [(code.upper(), (code, localised(zh, en[:1].upper() + en[1:]))) for code, (zh, en) in terms.items()]
    )

"""Plain reports of a designation, written for the project with invented names.

``scripts/train_news_model.py`` ships the best configuration of its grid that finds an event
of the stated status in each, and ``tests/news/test_classifier.py`` holds the shipped model to
them. Cross-validated F1 differences of a hundredth are noise at the corpus's size; a model that
loses the plainest report is wrong whatever its F1 (a retraining on 918 items chose one that
scored such sentences 0.23-0.44 against a threshold of 0.6, and the model shipped before it
missed both foreign-agent reports below).
"""

from __future__ import annotations

from datetime import date

# (language, text, status, publication date). The last two are reports the tests of the extractor
# hold every model to: a real organization reported on the day of its designation (ASPS, listed
# since; the date makes it news, not background) and a wire report whose verb comes before its object.
PLAIN_REPORTS: tuple[tuple[str, str, str, date], ...] = (
    ("ru", "Генпрокуратура России признала нежелательной на территории страны деятельность норвежской "
           "организации «Фонд северных озер».", "undesirable", date(2026, 1, 13)),
    ("ru", "Минюст включил в реестр иностранных агентов интернет-издание «Полярный вестник».", "foreign_agent",
     date(2026, 1, 13)),
    ("en", "Russia's Prosecutor General's Office on Tuesday declared the Northwind Lake Trust, a Norwegian charity, "
           "an undesirable organization.", "undesirable", date(2026, 1, 13)),
    ("en", "Russia's Justice Ministry designated the news site Saltmarsh Courier a foreign agent on Friday.",
     "foreign_agent", date(2026, 1, 13)),
    ("ru", "Генпрокуратура РФ объявила нежелательной на территории России деятельность французской "
           "неправительственной организации \"Ассоциация школ политических исследований при Совете Европы\". "
           "Как сообщили журналистам в среду в пресс-службе ведомства, решение принято по итогам изучения.",
     "undesirable", date(2020, 12, 23)),
    ("en", "MOSCOW, September 14. /TASS/. Russia's Prosecutor General's Office said on Monday that it had declared "
           "undesirable the activity of the Quillfeather Research Foundation. It will become the 419th NGO on the "
           "list.", "undesirable", date(2026, 9, 14)),
)

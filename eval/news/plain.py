"""Plain reports of a designation, written for the project with invented names.

``scripts/train_news_model.py`` ships the best configuration of its grid that finds an event
of the stated status in each, and ``tests/news/test_classifier.py`` holds the shipped model to
them. Cross-validated F1 differences of a hundredth are noise at the corpus's size; a model that
loses the plainest report is wrong whatever its F1 (a retraining on 918 items chose one that
scored such sentences 0.23-0.44 against a threshold of 0.6, and the model shipped before it
missed both foreign-agent reports below).
"""

from __future__ import annotations

# (language, text, status)
PLAIN_REPORTS: tuple[tuple[str, str, str], ...] = (
    ("ru", "Генпрокуратура России признала нежелательной на территории страны деятельность норвежской "
           "организации «Фонд северных озер».", "undesirable"),
    ("ru", "Минюст включил в реестр иностранных агентов интернет-издание «Полярный вестник».", "foreign_agent"),
    ("en", "Russia's Prosecutor General's Office on Tuesday declared the Northwind Lake Trust, a Norwegian charity, "
           "an undesirable organization.", "undesirable"),
    ("en", "Russia's Justice Ministry designated the news site Saltmarsh Courier a foreign agent on Friday.",
     "foreign_agent"),
)

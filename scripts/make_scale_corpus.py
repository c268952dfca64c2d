#!/usr/bin/env python3
"""Write N synthetic but realistic entities (persons and organizations, Cyrillic and Latin) as JSON Lines.

Usage: python scripts/make_scale_corpus.py N OUT.jsonl.gz [--seed S]
       proscribed load-entities OUT.jsonl.gz --list scale

The entities stand for a bank's or a newsroom's own lists screened beside the
registries. Name parts follow Zipf-like frequencies: a few given names and
surname roots are very common, most are rare. Persons are ``Фамилия Имя
Отчество`` with a Latin (BGN) spelling as a second name; organizations join a
legal form, a kind of body, and a distinctive part (a surname, a place-like
coinage or a pair of words), in Russian or in English. Each line is one entity
in the format ``proscribed load-entities`` reads (``proscribed/sources/own_list.py``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys

import icu

_LATIN = icu.Transliterator.createInstance("Russian-Latin/BGN; Latin-ASCII")
GIVEN_M = ("Александр Алексей Андрей Антон Артём Борис Вадим Валерий Василий Виктор Виталий Владимир Владислав "
           "Вячеслав Геннадий Георгий Глеб Григорий Даниил Денис Дмитрий Евгений Егор Иван Игорь Илья Кирилл "
           "Константин Леонид Максим Матвей Михаил Никита Николай Олег Павел Пётр Роман Руслан Семён Сергей "
           "Станислав Степан Тимур Фёдор Юрий Ярослав").split()
GIVEN_F = ("Александра Алина Алла Анастасия Ангелина Анна Валентина Валерия Вера Виктория Галина Дарья Диана "
           "Евгения Екатерина Елена Елизавета Жанна Зоя Инна Ирина Карина Ксения Лариса Лидия Любовь Людмила "
           "Маргарита Марина Мария Надежда Наталья Нина Оксана Ольга Полина Раиса Светлана София Тамара "
           "Татьяна Ульяна Юлия Яна").split()
ROOTS = ("Иван Петр Смирн Кузнец Попов Васил Соколов Михайл Новик Федор Морозов Волков Алексе Лебед Семен Егор "
         "Павл Козл Степан Никола Орл Андре Макар Никитин Захар Зайц Соловь Борис Яковл Григорь Роман Воробь "
         "Сергее Кузьмин Фрол Александр Дмитри Корол Гусе Киселе Ильин Максим Поляк Сорокин Виноград Ковал "
         "Белов Медвед Антон Тарас Жук Баран Филипп Комар Давыд Беляе Герасим Богдан Осип Сидор Матвее Титов "
         "Марк Миронов Крылов Куликов Карпов Власов Мельник Денис Гаврил Тихонов Казак Афанась Данил Савельев "
         "Тимофе Фомин Чернов Абрам Мартын Ефим Федотов Щербак Назар Калинин Исаев Чернышев Быков Маслов "
         "Родионов Коновал Лазар Гордеев Шубин Ковалев Шестак Панов Рыбак Суханов Юдин Ершов Рябов").split()
SUFFIX_M = ("ов", "ев", "ин", "ский", "енко", "ук", "ич")
PLACES = ("Северный Южный Восточный Западный Уральский Сибирский Волжский Невский Приморский Донской Окский "
          "Камский Байкальский Алтайский Таёжный Степной Лесной Озёрный Речной Горный").split()
WORDS_RU = ("Развитие Рассвет Горизонт Вектор Ресурс Прогресс Альянс Созвездие Исток Магистраль Гармония Импульс "
            "Кристалл Меридиан Партнёр Стандарт Технология Энергия Капитал Траектория Континент Формат Сфера "
            "Перспектива Лидер Орбита Платформа Гранит Сигнал Эталон").split()
KINDS_RU = ("Общество с ограниченной ответственностью", "Акционерное общество", "Фонд", "Автономная некоммерческая "
            "организация", "Ассоциация", "Центр", "Союз", "Институт", "Агентство", "Клуб")
WORDS_EN = ("Horizon Vector Summit Harbor Beacon Granite Meridian Pioneer Atlas Crescent Keystone Sterling Evergreen "
            "Cobalt Falcon Aurora Lumen Nimbus Quartz Redwood Sequoia Tundra Willow Zenith Orion Polaris Vertex "
            "Bridgewater Ashford Kingsley").split()
KINDS_EN = ("Ltd", "Inc.", "LLC", "GmbH", "Foundation", "Trust", "Holdings", "Partners", "Group", "Capital",
            "Consulting", "Institute", "Association", "Media", "Logistics")


def _zipf(rng: random.Random, items: list[str] | tuple[str, ...]) -> str:
    # Index drawn with a long tail: the first items are common, the last rare.
    i = min(int(rng.paretovariate(1.1)) - 1, len(items) - 1)
    return items[(i * 7919) % len(items)] if rng.random() < 0.5 else items[i]


def person(rng: random.Random) -> tuple[str, str]:
    female = rng.random() < 0.45
    root = _zipf(rng, ROOTS)
    suffix = rng.choice(SUFFIX_M)
    surname = root + suffix
    if female:
        surname = surname[:-2] + "ая" if surname.endswith("ский") else (surname + "а" if suffix in ("ов", "ев", "ин")
                                                                           else surname)
    given = _zipf(rng, GIVEN_F if female else GIVEN_M)
    father = _zipf(rng, GIVEN_M)
    stem = father[:-1] if father.endswith("й") else father
    patronymic = stem + ("евна" if father.endswith("й") else "овна") if female else \
        stem + ("евич" if father.endswith("й") else "ович")
    return f"{surname} {given} {patronymic}", str(_LATIN.transliterate(f"{given} {surname}"))


def organization(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.55:
        core = rng.choice((f"{_zipf(rng, PLACES)} {_zipf(rng, WORDS_RU).lower()}", _zipf(rng, WORDS_RU),
                           f"{_zipf(rng, WORDS_RU)}-{rng.randint(1, 999)}", _zipf(rng, ROOTS) + "ов"))
        name = f"{rng.choice(KINDS_RU)} «{core}»"
        return name, str(_LATIN.transliterate(core))
    core = rng.choice((f"{_zipf(rng, WORDS_EN)} {_zipf(rng, WORDS_EN)}", _zipf(rng, WORDS_EN),
                       str(_LATIN.transliterate(_zipf(rng, ROOTS) + "ov")).capitalize()))
    return f"{core} {rng.choice(KINDS_EN)}", core


def entity(i: int, rng: random.Random) -> dict[str, object]:
    is_person = rng.random() < 0.6
    official, second = person(rng) if is_person else organization(rng)
    out: dict[str, object] = {"id": f"S{i:07d}", "schema": "person" if is_person else "organization",
                              "names": [official, second]}
    if is_person:
        out["birth_date"] = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        for i in range(args.n):
            fh.write(json.dumps(entity(i, rng), ensure_ascii=False) + "\n")
    print(f"{args.n} entities -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Realistic, deterministic follower data for benchmarks and tests.

    from bench.data import followers, write_csv
    rows = followers(100_000, seed=1)          # list of answer dicts, keyed by the form's field ids
    write_csv(path, rows)                      # the importer's format: header of field ids

Countries follow the seed's Table 1 (D2.3 section 2.1: Finland 88, UK 29, Italy 21, Portugal 20,
Germany 19, Spain 12 …: the table's 40 countries sum to 282, its text says 283) and organisation types Table 2 (suppliers 129, learntech
experts 87, procurers 68, schools 60; one organisation may tick several). Names, cities,
organisations, e-mail domains and phone numbers fit the country. Every row passes the sign-up
form's validation and e-mail addresses are unique, so each row can be saved or imported.

The generator walks `form.fields` and fills each field by what it is: the follower form's fields
have hand-made realistic generators (keyed by field id: this module is follower-form specific
benchmark data), any other field gets a valid value for its type, so a new field in the TOML
keeps the rows valid without touching this file.
"""

from __future__ import annotations

import csv
import itertools
import random
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from lea_desktop.formkit import Form, load_form
from lea_desktop.formkit.model import MULTI_SEPARATOR, Field

# Seed, D2.3 Table 1: followers per country on 20 February 2019 (283 in all).
TABLE_1: dict[str, int] = {
    "AT": 3, "AZ": 1, "BE": 7, "BR": 2, "CA": 1, "CN": 5, "CO": 1, "CR": 1, "HR": 1, "CY": 1,
    "CZ": 1, "DK": 2, "EE": 3, "FI": 88, "FR": 3, "DE": 19, "GR": 2, "HU": 2, "IS": 1, "IN": 4,
    "IE": 4, "IL": 2, "IT": 21, "LT": 1, "LU": 1, "MK": 1, "MT": 2, "NL": 7, "NZ": 1, "NO": 9,
    "PL": 4, "PT": 20, "RO": 1, "RU": 2, "SK": 1, "ES": 12, "SE": 7, "TR": 2, "GB": 29, "US": 7,
}  # fmt: skip

# Seed, D2.3 Table 2: organisations ticking each type (of 283; several may be ticked).
TABLE_2: dict[str, int] = {"procurer": 68, "school": 60, "supplier": 129, "expert": 87}
TABLE_1_TOTAL = sum(TABLE_1.values())

# Given names and family names by language group; which group a country uses is below.
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fi": (
        (
            "Aino",
            "Eino",
            "Helmi",
            "Juhani",
            "Kaisa",
            "Lauri",
            "Minna",
            "Olli",
            "Päivi",
            "Sanna",
            "Tuomas",
            "Veera",
            "Matti",
            "Riikka",
            "Antti",
            "Elina",
            "Jussi",
            "Satu",
            "Ville",
            "Hanna",
        ),
        (
            "Virtanen",
            "Korhonen",
            "Mäkinen",
            "Nieminen",
            "Mäkelä",
            "Hämäläinen",
            "Laine",
            "Heikkinen",
            "Koskinen",
            "Järvinen",
            "Lehtonen",
            "Saarinen",
            "Salminen",
            "Heinonen",
            "Niemi",
            "Kinnunen",
        ),
    ),
    "en": (
        (
            "Oliver",
            "Amelia",
            "George",
            "Isla",
            "Harry",
            "Ava",
            "Jack",
            "Emily",
            "Thomas",
            "Grace",
            "James",
            "Sophie",
            "William",
            "Chloe",
            "Daniel",
            "Lucy",
            "Michael",
            "Sarah",
            "David",
            "Emma",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Johnson",
            "Davies",
            "Robinson",
            "Wright",
            "Thompson",
            "Evans",
            "Walker",
            "White",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Clarke",
        ),
    ),
    "it": (
        (
            "Giulia",
            "Marco",
            "Francesca",
            "Luca",
            "Chiara",
            "Alessandro",
            "Sara",
            "Matteo",
            "Elena",
            "Giuseppe",
            "Valentina",
            "Davide",
            "Martina",
            "Andrea",
            "Federica",
            "Simone",
        ),
        (
            "Rossi",
            "Russo",
            "Ferrari",
            "Esposito",
            "Bianchi",
            "Romano",
            "Colombo",
            "Ricci",
            "Marino",
            "Greco",
            "Bruno",
            "Gallo",
            "Conti",
            "De Luca",
            "Mancini",
            "Costa",
        ),
    ),
    "pt": (
        (
            "João",
            "Maria",
            "Ana",
            "Pedro",
            "Inês",
            "Tiago",
            "Beatriz",
            "Rui",
            "Catarina",
            "Miguel",
            "Sofia",
            "Nuno",
            "Mariana",
            "Luís",
            "Joana",
            "Rita",
        ),
        (
            "Silva",
            "Santos",
            "Ferreira",
            "Pereira",
            "Oliveira",
            "Costa",
            "Rodrigues",
            "Martins",
            "Jesus",
            "Sousa",
            "Fernandes",
            "Gonçalves",
            "Gomes",
            "Lopes",
            "Marques",
            "Almeida",
        ),
    ),
    "de": (
        (
            "Lukas",
            "Anna",
            "Jonas",
            "Lea",
            "Felix",
            "Hannah",
            "Maximilian",
            "Laura",
            "Paul",
            "Julia",
            "Stefan",
            "Katrin",
            "Jürgen",
            "Sabine",
            "Tobias",
            "Lena",
        ),
        (
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
            "Schäfer",
            "Koch",
            "Bauer",
            "Richter",
            "Klein",
            "Wolf",
        ),
    ),
    "es": (
        (
            "Lucía",
            "Hugo",
            "Martina",
            "Pablo",
            "Carmen",
            "Javier",
            "Laura",
            "Alejandro",
            "Elena",
            "Daniel",
            "Paula",
            "Sergio",
            "Marta",
            "Jorge",
            "Alba",
            "Raúl",
        ),
        (
            "García",
            "Fernández",
            "González",
            "Rodríguez",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Martín",
            "Jiménez",
            "Ruiz",
            "Hernández",
            "Díaz",
            "Moreno",
            "Muñoz",
        ),
    ),
    "nl": (
        (
            "Daan",
            "Emma",
            "Sem",
            "Julia",
            "Lucas",
            "Mila",
            "Levi",
            "Tess",
            "Bram",
            "Sanne",
            "Pieter",
            "Lotte",
            "Thijs",
            "Femke",
        ),
        (
            "de Jong",
            "Jansen",
            "de Vries",
            "van den Berg",
            "van Dijk",
            "Bakker",
            "Janssens",
            "Visser",
            "Smit",
            "Peeters",
            "Maes",
            "Meijer",
            "Mulder",
            "de Boer",
        ),
    ),
    "nordic": (
        (
            "Erik",
            "Ingrid",
            "Lars",
            "Sofie",
            "Anders",
            "Maja",
            "Nils",
            "Astrid",
            "Magnus",
            "Freja",
            "Ole",
            "Kari",
            "Sigrún",
            "Jón",
            "Elsa",
            "Henrik",
        ),
        (
            "Hansen",
            "Johansen",
            "Olsen",
            "Andersson",
            "Johansson",
            "Karlsson",
            "Nielsen",
            "Larsen",
            "Eriksson",
            "Berg",
            "Lindqvist",
            "Jónsson",
            "Pedersen",
            "Nilsson",
            "Haugen",
            "Dahl",
        ),
    ),
    "fr": (
        (
            "Camille",
            "Louis",
            "Manon",
            "Hugo",
            "Chloé",
            "Lucas",
            "Léa",
            "Jules",
            "Inès",
            "Gabriel",
            "Claire",
            "Nicolas",
            "Sophie",
            "Marc",
        ),
        (
            "Martin",
            "Bernard",
            "Dubois",
            "Thomas",
            "Robert",
            "Richard",
            "Petit",
            "Durand",
            "Leroy",
            "Moreau",
            "Simon",
            "Laurent",
            "Lefebvre",
            "Michel",
        ),
    ),
    "cee": (
        (
            "Anna",
            "Piotr",
            "Katarzyna",
            "Tomasz",
            "Eva",
            "Jan",
            "Marta",
            "Andrei",
            "Ioana",
            "Lukáš",
            "Zsófia",
            "Péter",
            "Ivana",
            "Marko",
            "Elena",
            "Dmitri",
        ),
        (
            "Nowak",
            "Kowalski",
            "Wiśniewska",
            "Novák",
            "Horváth",
            "Popescu",
            "Kovač",
            "Nagy",
            "Tamm",
            "Kazlauskas",
            "Ivanova",
            "Petrov",
            "Papadopoulos",
            "Georgiou",
            "Yılmaz",
            "Camilleri",
        ),
    ),
    "intl": (
        (
            "Wei",
            "Li",
            "Priya",
            "Arjun",
            "Rafael",
            "Camila",
            "Noa",
            "Yosef",
            "Aroha",
            "Liam",
            "Olivia",
            "Ethan",
            "Mei",
            "Rohan",
            "Valentina",
            "Mateo",
        ),
        (
            "Wang",
            "Zhang",
            "Sharma",
            "Patel",
            "Silva",
            "Souza",
            "Cohen",
            "Levi",
            "Ngata",
            "Miller",
            "Davis",
            "Chen",
            "Gupta",
            "Rojas",
            "Vargas",
            "Aliyev",
        ),
    ),
}
_GROUP = {
    "FI": "fi", "GB": "en", "IE": "en", "US": "en", "CA": "en", "NZ": "en", "IT": "it", "MT": "cee",
    "PT": "pt", "BR": "pt", "DE": "de", "AT": "de", "LU": "fr", "ES": "es", "CO": "es", "CR": "es",
    "NL": "nl", "BE": "nl", "NO": "nordic", "SE": "nordic", "DK": "nordic", "IS": "nordic",
    "FR": "fr",
}  # fmt: skip

_CITIES: dict[str, tuple[str, ...]] = {
    "FI": ("Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku", "Jyväskylä", "Lahti", "Kuopio",
           "Pori", "Joensuu", "Lappeenranta", "Hämeenlinna", "Vaasa", "Seinäjoki", "Rovaniemi"),
    "GB": ("London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Edinburgh", "Bristol",
           "Cardiff", "Belfast", "Nottingham", "Sheffield", "Cambridge", "Oxford"),
    "IT": ("Roma", "Milano", "Napoli", "Torino", "Bologna", "Firenze", "Genova", "Bari", "Verona",
           "Padova", "Trento"),
    "PT": ("Lisboa", "Porto", "Braga", "Coimbra", "Aveiro", "Faro", "Évora", "Viseu", "Setúbal"),
    "DE": ("Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
           "Leipzig", "Dresden", "Bremen"),
    "ES": ("Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Bilbao",
           "Valladolid", "Murcia"),
    "NO": ("Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"),
    "NL": ("Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen"),
    "BE": ("Brussels", "Antwerpen", "Gent", "Leuven", "Liège"),
    "SE": ("Stockholm", "Göteborg", "Malmö", "Uppsala", "Umeå"),
    "US": ("New York", "Boston", "Chicago", "San Francisco", "Austin"),
    "CN": ("Beijing", "Shanghai", "Shenzhen", "Hangzhou"),
    "IN": ("Bengaluru", "New Delhi", "Mumbai", "Pune"),
    "IE": ("Dublin", "Cork", "Galway", "Limerick"),
    "PL": ("Warszawa", "Kraków", "Gdańsk", "Wrocław"),
    "AT": ("Wien", "Graz", "Linz", "Salzburg"),
    "EE": ("Tallinn", "Tartu"),
    "FR": ("Paris", "Lyon", "Marseille", "Toulouse"),
    "AZ": ("Baku",), "BR": ("São Paulo", "Rio de Janeiro"), "CA": ("Toronto", "Montréal"),
    "CO": ("Bogotá",), "CR": ("San José",), "HR": ("Zagreb",), "CY": ("Nicosia",),
    "CZ": ("Praha", "Brno"), "DK": ("København", "Aarhus"), "GR": ("Athína", "Thessaloníki"),
    "HU": ("Budapest",), "IS": ("Reykjavík",), "IL": ("Tel Aviv", "Jerusalem"), "LT": ("Vilnius",),
    "LU": ("Luxembourg",), "MK": ("Skopje",), "MT": ("Valletta",), "NZ": ("Wellington", "Auckland"),
    "RO": ("București", "Cluj-Napoca"), "RU": ("Moskva", "Sankt-Peterburg"), "SK": ("Bratislava",),
    "TR": ("İstanbul", "Ankara"),
}  # fmt: skip

# E-mail / web top-level domain per country where it is not the lower-case country code.
_TLD = {"GB": "co.uk", "US": "com", "CA": "ca", "NZ": "org.nz", "IN": "in", "BR": "com.br"}

# How organisations of each type are named ({city} and {name} are filled in).
_ORG_PATTERNS: dict[str, tuple[str, ...]] = {
    "procurer": ("City of {city} Education Services", "{city} Municipality, Department of Education",
                 "Regional Education Authority of {city}", "{city} Schools Procurement Unit",
                 "Ministry of Education, {city} Office"),
    "school": ("{city} Upper Secondary School", "{name} Primary School", "{city} International School",
               "{name} Comprehensive School", "{city} Vocational College", "St {name}'s School"),
    "supplier": ("{name} Learning Ltd", "{name}Labs", "EdTech {city}", "{name} Digital Classroom",
                 "{city} Learning Analytics", "Smart{name} Education", "{name} & Partners Edu"),
    "expert": ("University of {city}, Faculty of Education", "{city} Institute of Learning Sciences",
               "{name} Research Centre for Educational Technology", "{city} University of Applied Sciences",
               "Learntech Consultancy {name}"),
}  # fmt: skip
_TYPE_ORDER = tuple(TABLE_2)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@cache  # names repeat a lot: slugging each once keeps 100,000 rows near a second
def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in _ascii(text).lower())
    return "-".join(p for p in out.split("-") if p)[:40].strip("-") or "org"


@cache
def _phones(country: str) -> tuple[str, ...]:
    """A few valid phone numbers for `country` (E.164), made from the library's example number."""
    import phonenumbers

    out: list[str] = []
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        example = phonenumbers.example_number_for_type(country, kind)
        if example is None:
            continue
        digits = str(example.national_number)
        for tail in range(100):
            candidate = digits[:-2] + f"{(int(digits[-2:]) + tail * 7) % 100:02d}"
            number = phonenumbers.parse(f"+{example.country_code}{candidate}")
            if phonenumbers.is_valid_number(number):
                out.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
            if len(out) >= 24:
                break
    return tuple(dict.fromkeys(out))


class _Follower:
    """One made-up organisation and its contact, from which every field's answer is taken."""

    __slots__ = ("city", "country", "domain", "email", "first", "last", "organisation", "types")

    def __init__(self, rng: random.Random, index: int, seen_emails: set[str]) -> None:
        self.country = rng.choices(_COUNTRY_CODES, cum_weights=_COUNTRY_CUM)[0]
        firsts, lasts = _NAMES[_GROUP.get(self.country, "cee" if self.country in _CEE else "intl")]
        self.first, self.last = rng.choice(firsts), rng.choice(lasts)
        self.city = rng.choice(_CITIES.get(self.country, ("",))) or "Capital"
        self.types = [t for t in _TYPE_ORDER if rng.random() < _TYPE_P[t]] or [
            rng.choices(_TYPE_ORDER, tuple(TABLE_2.values()))[0]
        ]
        pattern = rng.choice(_ORG_PATTERNS[self.types[0]])
        self.organisation = pattern.format(city=self.city, name=rng.choice(lasts))
        self.domain = f"{_slug(self.organisation)}.{_TLD.get(self.country, self.country.lower())}"
        local = f"{_slug(self.first)}.{_slug(self.last)}".replace("-", "")
        email = f"{local}@{self.domain}"
        if email in seen_emails:
            email = f"{local}{index}@{self.domain}"
        seen_emails.add(email)
        self.email = email


_CEE = {"PL", "CZ", "SK", "HU", "RO", "HR", "EE", "LT", "RU", "GR", "CY", "TR", "MK", "MT"}
_COUNTRY_CODES = tuple(TABLE_1)
_COUNTRY_CUM = tuple(itertools.accumulate(TABLE_1.values()))
_TYPE_P = {t: n / TABLE_1_TOTAL for t, n in TABLE_2.items()}


def _text_for(f: Field, who: _Follower, rng: random.Random) -> str:
    """A plain text answer for a text field the generator has no specific idea about."""
    return f"{f.label('en')} {who.city}"[: f.max_length or 200]


def _answer(f: Field, who: _Follower, rng: random.Random) -> Any:
    """The answer `who` gives to field `f`: by field id where the follower form means something
    specific, else by field type."""
    match f.id:
        case "organisation":
            return who.organisation
        case "contact_name":
            return f"{who.first} {who.last}"
        case "city":
            return who.city
        case "types":
            return list(who.types)
        case "notes":
            return "Met at the stand; wants the webinar dates." if rng.random() < 0.05 else ""
    match f.type:
        case "email":
            return who.email
        case "phone":
            if rng.random() < 0.45:
                pool = _phones(who.country)
                return rng.choice(pool) if pool else ""
            return ""
        case "country":
            return who.country
        case "url":
            return f"https://www.{who.domain}/" if rng.random() < 0.6 else ""
        case "multichoice":
            values = f.choice_values()
            picked = [v for v in values if rng.random() < 0.4]
            need = max(f.min_choices, 1 if f.required else 0)
            return picked if len(picked) >= need else list(values[: max(need, len(picked))])
        case "choice":
            return rng.choice(f.choice_values()) if (f.required or rng.random() < 0.5) else ""
        case "consent":
            return True if f.required else rng.random() < 0.7
        case "date":
            return f"2027-0{rng.randint(1, 9)}-{rng.randint(10, 28)}" if f.required else ""
        case "longtext":
            return ""
        case _:
            return _text_for(f, who, rng) if f.required else ""


def iter_followers(n: int, *, seed: int = 1, form: Form | None = None) -> Iterator[dict[str, Any]]:
    """`n` follower answer dicts (one key per field of `form`), the same for the same seed."""
    form = form or load_form()
    rng = random.Random(seed)
    seen: set[str] = set()
    fields = form.fields
    for index in range(n):
        who = _Follower(rng, index, seen)
        yield {f.id: _answer(f, who, rng) for f in fields}


def followers(n: int, *, seed: int = 1, form: Form | None = None) -> list[dict[str, Any]]:
    """`n` follower answer dicts; see `iter_followers`."""
    return list(iter_followers(n, seed=seed, form=form))


def csv_cells(form: Form, answers: dict[str, Any]) -> list[str]:
    """One CSV row in the importer's format: multi-choice joined by ';', consent as yes/no."""
    out = []
    for f in form.fields:
        value = answers.get(f.id, f.empty_value())
        if f.is_multi:
            out.append(MULTI_SEPARATOR.join(value))
        elif f.type == "consent":
            out.append("yes" if value else "no")
        else:
            out.append(str(value))
    return out


def write_csv(path: Path, rows: list[dict[str, Any]], *, form: Form | None = None) -> Path:
    """Write `rows` as a CSV the importer reads (header row of field ids)."""
    form = form or load_form()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(form.field_ids())
        writer.writerows(csv_cells(form, r) for r in rows)
    return Path(path)

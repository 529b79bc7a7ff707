"""The names of recognition's rules, for ``--without NAME`` and the ablation table.

The vetoes are named in ``vetoes``; these are the other switches: the bonuses of
``weights`` and the rules that decide what a run of capitalised words is.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.recognition.vetoes import VETO_NAMES


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule that can be switched off, and what it does, with an example."""

    name: str
    meaning: str


RULES = (
    Rule("type_word", "a type word that agrees with a candidate adds to its evidence (\"Kabul province\")"),
    Rule("locative", "a locative word before a name adds to its evidence (\"in Herat\")"),
    Rule("locative_of", "a direction or \"out\" with \"of\" before a name is a locative (\"farmers north of "
                        "Carberry\", \"a business out of Casterton\")"),
    Rule("on_an_island", "\"on\" before the name of an island is a locative, as \"in\" is before a town's "
                         "(\"prices rose on Oahu\")"),
    Rule("coordinated_locative", "a name listed after a locative word's name shares its bonus (\"officials in "
                                 "Denver and Boulder asked\": Boulder is a place, not a person)"),
    Rule("comma_unit", "a unit after a place and a comma adds to its evidence (\"Silverstone, Northamptonshire\")"),
    Rule("multiword", "a name of several words adds to its evidence (\"New Delhi\")"),
    Rule("organisation_name", "inside an organisation's name only a leading, well-known place stays on the map "
                              "(\"U.S. Navy\"; \"Boise Fire Department\" links Boise but keeps it off)"),
    Rule("publication_name", "a publication's name holds no place on the map (\"The Washington Post\")"),
    Rule("name_of_something_else", "a run no single place covers names something else; well-known places "
                                   "inside it are only linked (\"Cambridge Analytica\")"),
    Rule("trimmed_name_needs_renown", "a place with words of a longer name around it must be well known "
                                      "(\"Kabul Airport\" yes, \"Pearl Harbor\" is not Pearl, Mississippi)"),
    Rule("described_place", "a name the text calls a place inside a known place is one (\"Chibok, a town in "
                            "Borno State\")"),
    Rule("qualifier_after_name", "the place named right after a name qualifies it (\"Paris, Texas\")"),
    Rule("named_again", "a weak mention of a name the article places elsewhere is that place too (\"the "
                        "pipeline runs to Deport ... left Deport and Roxton trucking in water\")"),
    Rule("placed_given_name", "a given name the text puts on a map somewhere is a place where it stands alone "
                              "(\"adjusters were sent to help staff in Brandon\"), unless a person here bears it"),
    Rule("qualified_person_name", "a name the article gives a person is a place where the unit after it holds "
                                  "a place of that name (\"Peter Grantham\" ... \"based in Grantham, Lincolnshire\")"),
    Rule("dotted_qualifier_mention", "a qualifier's dotted form after a place and a comma is a mention of its "
                                     "province, though its letters spell a word (\"BRANDON, Man. —\")"),
    Rule("description_parenthesis", "a parenthesis or a pronunciation does not end a description (\"Lima "
                                    "(/ˈlaɪmə/) is a city in Allen County\", \"a census-designated place (CDP) in\")"),
    Rule("description_position", "words that say where in a unit a place lies do not hide the unit (\"in "
                                 "southeastern Major County\", \"in the north of the state of Minas Gerais\")"),
    Rule("description_national_unit", "a unit named with its country's adjective or inside an outer unit is "
                                      "read (\"in the U.S. state of Ohio\", \"in the Kent district of Lincolnshire\")"),
    Rule("description_demonym", "a demonym does not end a description (\"a Chilean city in the Maule Region\")"),
    Rule("description_unit_chain", "a description names the units after a comma too (\"in the town of South "
                                   "Kingstown, Rhode Island\")"),
    Rule("description_names_a_unit", "a description's qualifier is the first unit that can hold a place, not a "
                                     "river or a town (\"on the Willamette River in Lane County\")"),
    Rule("abbreviation", "a state's or province's abbreviation names it (\"in Calif.\", \"across NSW\") or, "
                         "after a comma, qualifies a name (\"Springfield, IL\")"),
    Rule("foreign_article", "a capitalised article of another language before a name is not part of it "
                            "(\"O Porto\"), unless the whole is a known name (\"El Paso\")"),
    Rule("coordinated_type_word", "a plural type word after two names types both (\"Idlib and Hama provinces\")"),
    Rule("place_before_speech_verb", "a name the text has already used as a place stays one before a speech "
                                     "verb (\"Residents of Tarrant fled. Tarrant said\")"),
    Rule("institution_of_place", "a place that ends an institution's title after \"of\" is the institution's, "
                                 "kept off the map (\"the University of Georgia\", \"The Times of India\")"),
    Rule("locative_before_speech_verb", "a name right after a word of place stays a place before a speech verb "
                                        "(\"Councillors in Skipton said\")"),
    Rule("named_structure", "a name ending in a structure's word is a place, resolved where the gazetteer has it "
                            "and listed unresolved where not, never an organisation's name (\"Kotri Barrage\", "
                            "\"Marlow Weir\")"),
    Rule("named_feature", "a name ending in a natural feature's word is one place, resolved where the gazetteer "
                          "has it and listed unresolved where not, never a town inside it (\"Medicine Bow "
                          "Mountains\", \"Olduvai Gorge\")"),
    Rule("named_with_its_state", "a lone word taken for a given name or an ordinary word is a place when a "
                                 "state or country that holds its namesake follows it (\"Gary, Indiana\", "
                                 "\"Gary, IN\")"),
    Rule("listed_with_places", "a lone word taken for a given name or an ordinary word is a place in a list of "
                               "places (\"Tulsa, Enid, Norman and Moore\")"),
    Rule("dateline", "an all-capitals word that opens a line before a comma, a dash or a parenthesis is the "
                     "dateline's place, not an acronym (\"ROME, Italy —\", \"LIMA (AP) —\")"),
    Rule("placed_again", "a word the company of places made a place is that place again after a locative word "
                         "(\"Voters in Delaware, Marion and Mount Vernon ... In Marion, turnout was high\")"),
    Rule("qualifier_abbreviation_mention", "a state's abbreviation after a place and a comma names the state too "
                                           "(\"Springfield, IL\": Springfield and Illinois)"),
    Rule("abbreviation_in_its_country", "a qualifier's abbreviation standing alone names its province in an article "
                                        "whose places are in its country (\"BC\" beside Vancouver and Kelowna)"),
    Rule("built_place", "a street's or a building's name that holds no known place is a place the gazetteer "
                        "lacks, listed unresolved (\"Royal Street\", \"Barclays Center\")"),
    Rule("compass_abbreviation", "a compass letter before a state or country stands for its word "
                                 "(\"N. Dakota\", \"S. Korea\")"),
)
RULE_NAMES = (*VETO_NAMES, *(rule.name for rule in RULES))

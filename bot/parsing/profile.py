"""What visitors say about themselves and their company: age, situation, diploma, employer…

Every function takes the raw message, normalizes it, and reads it through a table of patterns
tried in order; the first row that matches wins unless the docstring says otherwise. The tables
are hand-written: no kept library reads French diplomas, situations or employers; numbers in
words go through ``bot.parsing.numbers`` (text2num).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Iterable, TypeVar

from bot.parsing.numbers import NUMBER, parse_french_number
from bot.parsing.text import normalize

Label = TypeVar("Label", bound=Enum)

_N = rf"(?P<n>{NUMBER})"
# Words that may sit between a cue and its number: « depuis presque 3 ans », « j'ai bientôt 45 ans ».
_HEDGE = r"(?: (?:presque|environ|deja|bientot|au moins|pres de|plus de|moins de|a peu pres))?"

MIN_AGE, MAX_AGE = 14, 80
MAX_DURATION_MONTHS = 60
MIN_HIRES, MAX_HIRES = 1, 500


class DiplomaLevel(str, Enum):
    """Highest diploma held, from none to bac+5 and above; members are listed lowest first."""

    NONE = "none"
    CAP_BEP = "cap_bep"
    BAC_GENERAL = "bac_general"
    BAC_PRO = "bac_pro"
    BAC_PLUS_2 = "bac_plus_2"
    BAC_PLUS_3 = "bac_plus_3"
    BAC_PLUS_5 = "bac_plus_5"

    @property
    def bac_pro_or_above(self) -> bool | None:
        """Whether the level is at least a bac pro; ``None`` for a general or technological bac.

        Whether a general bac counts as « au moins égale au bac pro » for pay is uncertain:
        the caller says « à vérifier ».
        """
        if self is DiplomaLevel.BAC_GENERAL:
            return None
        return self not in (DiplomaLevel.NONE, DiplomaLevel.CAP_BEP)


class Situation(str, Enum):
    """A candidate's current situation."""

    JOBSEEKER = "jobseeker"
    EMPLOYEE_CDI = "employee_cdi"
    EMPLOYEE_OTHER = "employee_other"
    STUDENT = "student"
    MINIMUM_INCOME = "minimum_income"
    OTHER = "other"


class CertificationType(str, Enum):
    """The kind of certification a VAE inversée path leads to."""

    TITRE_PRO = "titre_pro"
    DIPLOMA = "diploma"
    CQP = "cqp"
    SKILLS_BLOCK = "skills_block"
    RNCP = "rncp"
    COLLECTIVE_AGREEMENT = "collective_agreement"
    UNKNOWN = "unknown"


class EmployerType(str, Enum):
    """The legal kind of the employer."""

    PRIVATE_COMPANY = "private_company"
    ASSOCIATION = "association"
    MUTUAL = "mutual"
    COOPERATIVE = "cooperative"
    GEIQ = "geiq"
    STATE = "state"
    LOCAL_AUTHORITY = "local_authority"
    PUBLIC_ADMINISTRATIVE_BODY = "public_administrative_body"
    PUBLIC_INDUSTRIAL_COMMERCIAL_BODY = "public_industrial_commercial_body"


def _table(rows: Iterable[tuple[str, Label]]) -> tuple[tuple[re.Pattern[str], Label], ...]:
    return tuple((re.compile(pattern), label) for pattern, label in rows)


def _first_label(table: Iterable[tuple[re.Pattern[str], Label]], text: str) -> Label | None:
    return next((label for pattern, label in table if pattern.search(text)), None)


def _first_number(
    patterns: Iterable[re.Pattern[str]],
    text: str,
    lowest: int,
    highest: int,
    skip_before: re.Pattern[str] | None = None,
) -> int | None:
    """The first ``n`` group in range, trying each pattern in turn, skipping excluded contexts."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            value = parse_french_number(match["n"])
            if value is None or not lowest <= value <= highest:
                continue
            if skip_before is not None and skip_before.search(text[: match.start()]):
                continue
            return value
    return None


# --- Age --------------------------------------------------------------------------------------

_NOT_AGE_AFTER = (
    rf"(?! ?(?:d'|de |d |que |qu'|et {NUMBER} ?mois|{NUMBER} ?mois"
    r"|plus tard|apres|avant|auparavant))"
)
_AGE = tuple(re.compile(pattern) for pattern in (
    rf"{_N} ?ans?\b{_NOT_AGE_AFTER}",
    rf"\bagee?s?(?: de| ?:)? ?{_N}\b(?! ?(?:mois|semaines?|jours?))",
    rf"\b(?:j'? ?ai|g) {_N}(?= ?(?:$|[,.;!?]| et | je | mais ))",
    rf"^{_N} ?[.!]?$",
))
# « depuis 3 ans », « il y a 5 ans », « ça fait 2 ans », « un contrat de 2 ans »: a time span, not an age.
_NOT_AGE_BEFORE = re.compile(
    r"\b(?:depuis|il y a|y a|ya|fait|pendant|durant|dans|sur|pour|apres|avant|entre|plus de|moins de"
    rf"|contrat de|cdd de|duree de|periode de|travaille|bosse|passe|reste|exerce|ete){_HEDGE} ?$"
)


def parse_age(text: str) -> int | None:
    """An age in years (14–80): « j'ai 45 ans », « âgée de 23 ans », « quarante-cinq ans », « 45 ».

    A bare number counts only when it is the whole message; « 18 mois », « 2 ans d'expérience »,
    « depuis 3 ans », « il y a 5 ans », « 45 salariés » and years like 2026 are not ages.
    """
    return _first_number(_AGE, normalize(text), MIN_AGE, MAX_AGE, _NOT_AGE_BEFORE)


# --- Contract duration ------------------------------------------------------------------------

_UNIT_MONTHS = {"mois": 1, "m": 1, "an": 12, "annee": 12, "semestre": 6, "trimestre": 3}
_UNIT_DAYS = {"semaine": 7, "sem": 7, "jour": 1}
# A month on average: a year of 365.25 days over twelve months.
DAYS_PER_MONTH = 365.25 / 12
_DURATION = re.compile(
    rf"{_N}(?:[.,](?P<half>5))? ?(?P<unit>mois|m|an|annee|semestre|trimestre|semaine|sem|jour)s?\b"
    rf"(?: (?:et )?(?:(?P<demi>demi|1/2)|(?P<months>{NUMBER}) ?mois\b))?"
    r"(?! ?(?:(?:d'|de |d )(?:experience|anciennete|chomage|metier|inactivite|carriere|recherche"
    r"|conges?|vacances|preavis|essai|arret|retard)|que |qu'))"
)
# An age (« j'ai 20 ans »), a past span (« depuis 2 ans »), a start date (« dans 2 mois »,
# « sous 15 jours ») or another span of the contract (« période d'essai de 2 mois »).
_NOT_DURATION_BEFORE = re.compile(
    r"(?:\bj'? ?ai|\bg|\bage[es]*(?: de)?|\baura[is]?|\bavoir|\bmoi|\b(?:il|elle) a"
    r"|\bdepuis|\bil y a|\by a|\bya|\bfait|\bdans|\bd'ici|\bsous|\b(?:essai|preavis|delai|conges?) de)"
    rf"{_HEDGE} ?$"
)


def parse_duration_months(text: str) -> int | None:
    """A contract duration in months (1–60): « 18 mois », « deux ans » → 24, « un an et demi » → 18.

    Also « 2 ans et 6 mois » → 30, « 1,5 an » → 18, « 24m », and weeks or days converted to
    months: « 3 semaines » → 1, « quinze jours » → 1, « 10 semaines » → 2. An « N ans » after
    « j'ai », « âgé de », « depuis », « il y a » or « dans » is an age, a past span or a start
    date: skipped.
    """
    text = normalize(text)
    for match in _DURATION.finditer(text):
        count = parse_french_number(match["n"])
        extra = parse_french_number(match["months"]) if match["months"] else 0
        if count is None or extra is None or _NOT_DURATION_BEFORE.search(text[: match.start()]):
            continue
        half = bool(match["half"] or match["demi"])
        if match["unit"] in _UNIT_DAYS:
            months = _days_to_months(_UNIT_DAYS[match["unit"]] * (count + 0.5 * half))
        else:
            unit = _UNIT_MONTHS[match["unit"]]
            months = count * unit + extra + (unit // 2 if half else 0)
        if 1 <= months <= MAX_DURATION_MONTHS:
            return months
    return None


def _days_to_months(days: float) -> int:
    """Whole months, to the nearest: the rules and the funding count whole months, and « six
    semaines » is about a month and a half, read as 1 rather than 2. A span shorter than half a
    month (« quinze jours ») still lasts: it counts as 1, the least the rules accept."""
    if days <= 0:
        return 0
    return max(1, int(days / DAYS_PER_MONTH + 0.5))


# --- Diploma ----------------------------------------------------------------------------------

_D = DiplomaLevel
# The start of a diploma's name, to find the diplomas a message says are not held; the level
# itself is read by _DIPLOMAS on the words found.
_NAME_START = (
    r"(?:bac|baccalaureat|cap|bep|bts|dut|but|deug|deust|licence|license|bachelor|master|mastere|mba"
    r"|doctorat|brevet|bp|ingenieur|titre)"
)
_NAME = rf"{_NAME_START}\w*(?: ?(?:pro\w*|\+ ?\d))?"
_ARTICLES = r"(?: (?:eu|obtenu|passe|valide|encore|meme|de|d'|le|la|l'|du|mon|ma|un|une|en|au|des|mes))*"
# Diplomas lacked: « pas le bac », « sans bac », « jamais eu le CAP », « arrêté avant le bac ».
_LACKED = re.compile(rf"\b(?:pas|sans|jamais|avant){_ARTICLES} ?{_NAME}")
# Diplomas begun but not held: failed, dropped, or in progress (« BTS en cours », « je prépare un
# CAP », « en deuxième année de licence », « bac pro pas encore obtenu »).
_BEGUN = tuple(re.compile(pattern) for pattern in (
    rf"\b(?:rate|loupe|echoue|arrete|abandonne){_ARTICLES} ?{_NAME}",
    r"\ben (?:cours|train) (?:de |d')(?:(?:preparation|obtention|validation) (?:de |d'|du )?"
    rf"|(?:passer|preparer|faire|valider|obtenir) )?(?:(?:mon|ma|un|une|le|la|l'|du) ?)?{_NAME}",
    r"\b(?:(?<!ai )(?:prepare|passe)|fais|(?:suis|actuellement|etudiante?|inscrite?) en"
    r"|en (?:premiere|1ere|1re|deuxieme|seconde|2e|2eme|2nde|troisieme|3e|3eme|derniere) annee(?: de| d'| du)?)"
    rf"(?: (?:mon|ma|un|une|le|la|l'|les|mes|en|du))* ?{_NAME}",
    rf"\b{_NAME}(?: (?!{_NAME_START}\b|et\b|puis\b|mais\b|ou\b|avec\b)[a-z0-9'+]+){{0,3}}?"
    r" (?:en cours|(?:pas|non) (?:encore )?(?:fini|termine|obtenu|valide|eu)|rate|loupe|echoue|abandonne)\b",
))
# What someone certainly holds when a diploma is lacked or only begun: nothing below the bac
# (a CAP or a brevet may be held, but the rules code them like none: below the bac pro); a bac
# of unknown kind for the studies that follow it. BAC_GENERAL is that bac: the only level whose
# pay rate the rules leave « à vérifier », which is all that is known.
_HELD_BEFORE = {
    _D.CAP_BEP: _D.NONE, _D.BAC_GENERAL: _D.NONE, _D.BAC_PRO: _D.NONE,
    _D.BAC_PLUS_2: _D.BAC_GENERAL, _D.BAC_PLUS_3: _D.BAC_GENERAL, _D.BAC_PLUS_5: _D.BAC_GENERAL,
}
_NUMBERED_LEVELS = {
    "3": _D.CAP_BEP, "4": _D.BAC_PRO, "5": _D.BAC_PLUS_2, "6": _D.BAC_PLUS_3, "7": _D.BAC_PLUS_5,
    "8": _D.BAC_PLUS_5,
    # the pre-2019 nomenclature, in Roman numerals, ran the other way
    "v": _D.CAP_BEP, "iv": _D.BAC_PRO, "iii": _D.BAC_PLUS_2, "ii": _D.BAC_PLUS_3, "i": _D.BAC_PLUS_5,
}
_YEARS_AFTER_BAC = {
    "1": _D.BAC_GENERAL, "2": _D.BAC_PLUS_2, "3": _D.BAC_PLUS_3, "4": _D.BAC_PLUS_3,
    "5": _D.BAC_PLUS_5, "6": _D.BAC_PLUS_5, "7": _D.BAC_PLUS_5, "8": _D.BAC_PLUS_5,
}
# Most specific first: each match is blanked out so that « bac pro » is not read again as « bac ».
_DIPLOMAS: tuple[tuple[re.Pattern[str], DiplomaLevel | dict[str, DiplomaLevel]], ...] = tuple(
    (re.compile(pattern), level) for pattern, level in (
        (r"\bbac ?(?:\+|plus) ?(?P<k>[1-8])\b", _YEARS_AFTER_BAC),
        (r"\bniveau ?(?P<k>[3-8]|iv|v|i{1,3})\b", _NUMBERED_LEVELS),
        (r"\b(?:masters?|mastere|mba|doctorat|these|phd|dea|dess|ingenieur|grande ecole)\b", _D.BAC_PLUS_5),
        (r"\bbachelor universitaire de technologie\b|^but\b"
         r"|\bbut (?=en |gea|tc|gmp|geii|info|rt|mmi|qlio|gim|hse|cj|genie|techniques)", _D.BAC_PLUS_2),
        (r"\b(?:licences?|license|bachelor|maitrise)\b", _D.BAC_PLUS_3),
        (r"\b(?:bts\w*|dut|deug|deust|brevet de technicien superieur"
         r"|diplome universitaire de technologie)\b", _D.BAC_PLUS_2),
        (r"\b(?:bac(?:calaureat)? ?pro\w*|brevet professionnel|bp|bma|brevet de technicien)\b", _D.BAC_PRO),
        (r"\b(?:cap|bep|brevet(?: des colleges)?|dnb)\b", _D.CAP_BEP),
        (r"\b(?:bac|bacc?alaureat)\b", _D.BAC_GENERAL),
    )
)
_NO_DIPLOMA = re.compile(
    r"\b(?:sans|aucun|pas de|pas d'|pas|non|jamais eu de) ?diplomee?s?\b"
    r"|^(?:j'ai |je n'ai |j'en ai )?rien(?: du tout)?\W*$|^aucun\W*$"
)


def parse_diploma_level(text: str) -> DiplomaLevel | None:
    """The highest diploma held: « bac pro » → BAC_PRO, « CAP puis BTS » → BAC_PLUS_2.

    « bac techno », « bac STMG » and « bac S » are general bacs; « titre pro niveau 4 » reads the
    RNCP level; « sans diplôme » or « rien » → NONE. A diploma lacked up to the bac (« sans bac »,
    « pas le bac ») → NONE; a diploma begun but not held (« BTS en cours », « j'ai raté mon BTS »)
    → the level it certainly follows (BAC_GENERAL for a BTS); « pas de BTS » says nothing.
    """
    text = normalize(text)
    found: list[DiplomaLevel] = []
    for match in _LACKED.finditer(text):
        # Lacking a diploma above the bac tells nothing of the bac itself.
        found += [_D.NONE for level in _held_levels(match.group()) if _HELD_BEFORE[level] is _D.NONE]
    text = _LACKED.sub(" ", text)
    for pattern in _BEGUN:
        found += [_HELD_BEFORE[level] for match in pattern.finditer(text) for level in _held_levels(match.group())]
        text = pattern.sub(" ", text)
    found += _held_levels(text)
    if found:
        return max(found, key=list(DiplomaLevel).index)
    return DiplomaLevel.NONE if _NO_DIPLOMA.search(text) else None


def _held_levels(text: str) -> list[DiplomaLevel]:
    """Every diploma level named in normalized ``text``, most specific names first."""
    found: list[DiplomaLevel] = []
    for pattern, level in _DIPLOMAS:
        for match in pattern.finditer(text):
            found.append(level if isinstance(level, DiplomaLevel) else level[match["k"]])
        text = pattern.sub(" ", text)
    return found


# --- Situation --------------------------------------------------------------------------------

_S = Situation
# Contracts and statuses the user has left, lacks or wants: « plus en CDI », « je voudrais un CDI »,
# « je ne suis pas demandeur d'emploi », « je ne suis plus au chômage », « ex-chômeuse ».
_NOT_CURRENT = re.compile(
    r"\b(?:pas|(?<!en )(?<!de )plus|jamais|ancien(?:ne)?|ex|etais|avais|fini|fin|termine|perdu|quitte|apres"
    r"|veux|voudrais|souhaite|souhaiterais|aimerais|vise|espere|obtenir|signer|decrocher)\b"
    r"(?: (?:de|d'|du|un|une|mon|ma|en|le|la|l'|des|d'un|d'une|mes|au|a|ete|encore|avoir|trouver|signer"
    r"|decrocher|obtenir))*"
    r"[ -]?(?:cdi|cdd|interim\w*|contrat a duree (?:in)?determinee|salariee?|etudiante?|alternante?|alternance"
    r"|dem[ae]n?deu(?:r|se)s?(?: d[' ]?emploi)?|ch(?:o|au)m(?:age|eur|euse|du)"
    r"|inscrite? (?:a|au|chez) (?:france travail|pole emploi|ft|pe))\b"
)
_SITUATIONS = _table((
    (r"\b(?:rsa|ass|aah|minima sociaux|minimum social)\b", _S.MINIMUM_INCOME),
    (r"\bdem[ae]n?deu(?:r|se)s?(?: d[' ]?emploi)?\b|\bch(?:o|au)m(?:age|eur|euse|du)\b"
     r"|\bsans (?:emploi|travail|boulot|activite)\b|\bpas (?:de |d')(?:emploi|travail|boulot)\b"
     r"|\bfrance travail\b|\bpole emploi\b|\binscrite? (?:a|au|chez) (?:ft|pe)\b"
     r"|\ben recherche d[' ]?emploi\b|\blicenciee?\b"
     r"|\b(?:re)?cherche (?:du |un |une |d'un |activement )?(?:travail|emploi|job|boulot|poste|taf|cdi|cdd)\b",
     _S.JOBSEEKER),
    (r"\bcdi\b|\bduree indeterminee\b", _S.EMPLOYEE_CDI),
    (r"\bcdd\b|\binterim\w*|\bduree determinee\b|\bvacataire\b|\bcontractuelle?\b|\bsaisonniere?\b"
     r"|\bintermittente?\b|\bfonctionnaire\b", _S.EMPLOYEE_OTHER),
    (r"\betudiante?s?\b|\blyceen(?:ne)?s?\b|\ben formation\b|\balternante?s?\b|\ben alternance\b"
     r"|\bapprentie?\b|\ben apprentissage\b|\bstagiaire\b|\ben etudes?\b", _S.STUDENT),
    (r"\bsalariee?\b|\bemployee?\b|\ben poste\b|\bje travaille\b|\bj'ai un (?:emploi|travail|boulot|job)\b"
     r"|\ben activite\b", _S.EMPLOYEE_OTHER),
    (r"^autres?\b|\bautre (?:situation|chose|cas)\b|\bindependante?\b|\b(?:auto|micro)[ -]?entrepreneu"
     r"|\bfreelance\b|\breconversion\b|\bretraitee?\b|\bau foyer\b|\bconge parental\b|\bartisan\b"
     r"|\bcommercante?\b|\bgerante?\b|\bchef d'entreprise\b|\bprofession liberale\b", _S.OTHER),
))


def parse_situation(text: str) -> Situation | None:
    """The candidate's situation: « demandeur d'emploi », « en CDI », « intérimaire », « au RSA »…

    Priority when several match: minimum income, jobseeker, CDI, other contract, student,
    plain « salarié », other (« en reconversion » is OTHER only when nothing else matches).
    Contracts and statuses left, lacked or wanted (« plus en CDI », « je voudrais un CDI », « je
    ne suis pas demandeur d'emploi », « plus au chômage ») are ignored: what is left, if anything, decides.
    """
    return _first_label(_SITUATIONS, _NOT_CURRENT.sub(" ", normalize(text)))


# --- Certification ----------------------------------------------------------------------------

_C = CertificationType
_CERTIFICATIONS = _table((
    (r"\bblocs? (?:de |d')?comp\w*|\bbcc\b", _C.SKILLS_BLOCK),
    (r"\bconvention collective\b|\bconventionnel\w*|\bclassification\b|\bccn\b"
     r"|\bqualification de (?:la )?branche\b", _C.COLLECTIVE_AGREEMENT),
    (r"\bcqp\w*|\bcertificat de qualification professionnelle\b", _C.CQP),
    (r"\btitres? pro\w*|\btitre du ministere du travail\b", _C.TITRE_PRO),
    (r"\bdiplomes?\b|\b(?:bts|cap|bep|bac|dut|deug|bp|baccalaureat|doctorat|licences?|masters?)\b"
     r"|\bbac ?pro\w*", _C.DIPLOMA),
    (r"\brncp\w*|\brepertoire national\b", _C.RNCP),
    (r"\b(?:sais|sait|savons|savais) (?:pas|rien)\b|\bsaispas\b|\bch?ais pas\b|\baucune idee\b"
     r"|\bpas d'idee\b|\bjsp\b|\bnsp\b|\bpas sure?\b|\bne sai[st]\b", _C.UNKNOWN),
))


def parse_certification_type(text: str) -> CertificationType | None:
    """The certification aimed at: « titre pro », « un BTS », « CQPM », « blocs de compétences »…

    Most specific first: skills block, collective agreement, CQP, titre pro, diploma, RNCP;
    « je ne sais pas » → UNKNOWN only when no type is named.
    """
    return _first_label(_CERTIFICATIONS, normalize(text))


# --- Employer ---------------------------------------------------------------------------------

_E = EmployerType
_EMPLOYERS = _table((
    (r"\bepic\b|\betablissement public (?:a caractere )?industriel|\bentreprise publique\b",
     _E.PUBLIC_INDUSTRIAL_COMMERCIAL_BODY),
    (r"\bepa\b|\betablissement public\b|\bhopita(?:l|ux)\b(?! prive)|\bcentre hospitalier\b|\bchu\b"
     r"|\bccas\b|\bcias\b|\buniversite\b(?! privee)|\bfac\b|\blycee\b(?! prive)"
     r"|\bfonction publique hospitaliere\b", _E.PUBLIC_ADMINISTRATIVE_BODY),
    (r"(?<!d')\betat\b|\bministere\b|\badministration centrale\b|\bprefecture\b|\brectorat\b"
     r"|\bfonction publique d'etat\b|\bservices? deconcentres?\b|\bd(?:r)?eets\b", _E.STATE),
    (r"\bmairie\b|\bcommunes?\b|\bcollectivites?\b|\bconseil (?:departemental|regional|general)\b"
     r"|\bcommunaute (?:de communes|d'agglomeration|urbaine)\b|\bagglo(?:meration)?\b"
     r"|(?<!en )\bmetropole\b|\bintercommunal\w*|\bterritoriale?\b", _E.LOCAL_AUTHORITY),
    (r"\bgeiq\b|\bgroupement d'employeurs pour l'insertion\b", _E.GEIQ),
    (r"\bcooperative\b|\bscop\b|\bscic\b|\bcuma\b", _E.COOPERATIVE),
    (r"\bmutuelles?\b|\bmutualiste\b", _E.MUTUAL),
    (r"\bassociati(?:on|ve|f)s?\b|\basso\b|\bloi 1901\b", _E.ASSOCIATION),
    (r"\bentreprises?\b|\bsocietes?\b|\bsarl\b|\bsasu?\b|\beurl\b|\bpme\b|\btpe\b|\beti\b|\bgroupe\b"
     r"|\bstart[ -]?up\b|\bboite\b|\bprivee?\b|\bcabinet\b|\bclinique\b|\bmagasin\b|\busine\b",
     _E.PRIVATE_COMPANY),
))


def parse_employer_type(text: str) -> EmployerType | None:
    """The employer's legal kind: « une PME », « la mairie », « un EPIC », « une SCOP »…

    Public and social-economy kinds are tried before the generic « entreprise », so that
    « entreprise publique » is an EPIC and « société coopérative » a cooperative.
    """
    return _first_label(_EMPLOYERS, normalize(text))


# --- Company figures --------------------------------------------------------------------------

_IDCC = re.compile(
    r"\b(?:idcc|ccn|convention collective(?: nationale)?)(?: [a-z'-]+){0,5}?"
    r"[ :#.-]*(?:n ?°|no|num(?:ero)?|n)?[ :#.°-]*(?P<n>\d{1,4})\b"
    r"(?! ?(?:salarie|employe|personne|ans?\b|mois|%|euro))"
)


def parse_idcc(text: str) -> int | None:
    """The collective agreement's IDCC: « IDCC 3248 », « idcc n°1486 », « ccn 1979 ».

    Only after « IDCC », « CCN » or « convention collective »: a bare number is never an IDCC.
    """
    match = _IDCC.search(normalize(text))
    value = int(match["n"]) if match else 0
    return value or None


_HEADCOUNT = tuple(re.compile(pattern) for pattern in (
    rf"{_N} ?(?:salariee?|employee?|personne|collaborat(?:eur|rice)|agent|etp|membre|ouvrier|personnel)s?\b",
    rf"\b(?:effectifs?|equipe)(?: (?:de|d'environ|total|:))?{_HEDGE} {_N}\b(?! ?(?:ans?\b|mois|%))",
    rf"\b(?:nous sommes|on est|nous employons|on emploie){_HEDGE} {_N}\b(?! ?(?:ans?\b|mois|%))",
))
# « embaucher deux personnes » is a number of hires, not of staff.
_HIRING_BEFORE = re.compile(r"\b(?:recrut|embauch|engag|accueill|cherch|besoin|prendre|former)\w*(?: \S+){0,2} ?$")
_NO_STAFF = re.compile(r"\b(?:aucun|pas de|sans|zero) (?:salarie|employe|personnel)")


def parse_headcount(text: str) -> int | None:
    """The company's headcount: « 80 salariés », « quatre-vingts employés », « une équipe de 12 personnes ».

    « aucun salarié » → 0; people to hire (« embaucher deux personnes ») are not staff.
    """
    text = normalize(text)
    count = _first_number(_HEADCOUNT, text, 0, 10**6, _HIRING_BEFORE)
    if count is None and _NO_STAFF.search(text):
        return 0
    return count


_HIRES = tuple(re.compile(pattern) for pattern in (
    rf"{_N} ?(?:recrutement|embauche|poste|contrat|alternant|apprenti|candidat|place|profil|offre"
    r"|(?:personne|salarie)s? a (?:recruter|embaucher|former))s?\b",
    r"\b(?:recrut|embauch|engag|accueill|cherch|prendre|besoin d)\w*"
    rf"(?: (?:en|environ|au moins|a peu pres|peut-etre|entre|au maximum|maximum|max))* ?{_N}\b"
    r"(?! ?(?:ans?\b|mois|semaines?|jours?|%|euros?|heures?))",
    r"\b(?P<n>une?) seule?\b",
    rf"^{_N} ?[.!]?$",
))


def parse_hires(text: str) -> int | None:
    """How many people the employer wants to hire (1–500): « 3 recrutements », « un seul », « 5 postes ».

    « embaucher deux personnes » → 2; a bare number counts only when it is the whole message.
    """
    return _first_number(_HIRES, normalize(text), MIN_HIRES, MAX_HIRES)


# --- Yes / no ---------------------------------------------------------------------------------

_NO = re.compile(
    r"\b(?:non|nan|nn|nope|no|negatif|pas du tout|pas vraiment|pas trop|absolument pas|certainement pas"
    r"|surtout pas|pas question|hors de question|pas d'accord|jamais|bien sur que non)\b"
)
_YES = re.compile(
    r"\b(?:ou+i+|ouai+s?|ouep|yes|yep|yeah|ok+|okay|oki|d'?accord|dac|bien sur|biensur|volontiers"
    r"|exact|exactement|tout a fait|absolument|carrement|evidemment|certainement|c'est ca|affirmatif"
    r"|parfait|entendu|ca marche|pas de soucis?|pas de probleme|sans probleme|avec plaisir)\b|^si\W*$"
)


def parse_yes_no(text: str) -> bool | None:
    """« oui », « ouais », « ok », « d'accord », « bien sûr » → True; « non », « pas du tout » → False.

    Negative phrases are read first and removed, so « pas d'accord » is False; a message that
    says both yes and no (« oui et non ») is ambiguous → ``None``.
    """
    text = normalize(text)
    without_no, no_count = _NO.subn(" ", text)
    says_yes = bool(_YES.search(without_no))
    if says_yes == bool(no_count):
        return None
    return says_yes

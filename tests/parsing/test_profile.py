"""Profile answers in free, messy French: one row per message a visitor could type."""

from __future__ import annotations

import pytest

from bot.parsing.profile import (
    CertificationType,
    DiplomaLevel,
    EmployerType,
    Situation,
    parse_age,
    parse_certification_type,
    parse_diploma_level,
    parse_duration_months,
    parse_employer_type,
    parse_headcount,
    parse_hires,
    parse_idcc,
    parse_situation,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai 45 ans", 45),
        ("45 ans", 45),
        ("45ans", 45),
        ("jai 45 ans", 45),
        ("g 33 ans", 33),
        ("je suis âgée de 23 ans", 23),
        ("agee de 23 ans", 23),
        ("Âge : 52", 52),
        ("quarante-cinq ans", 45),
        ("quarante cinq ans", 45),
        ("vingt et un ans", 21),
        ("45", 45),
        ("quarante-cinq", 45),
        ("jai 45", 45),
        ("moi 19ans, au chomage", 19),
        ("une femme de 45 ans", 45),
        ("j'ai 45 ans et demi", 45),
        ("j'ai 45 ans et je suis demandeur d'emploi", 45),
        ("je suis au chomage depuis 2 ans, j'ai 45 ans", 45),
        ("2 ans d'expérience en cuisine et 38 ans", 38),
        ("j'ai 14 ans", 14),
        ("j'ai 80 ans", 80),
        # not an age
        ("18 mois", None),
        ("2 ans d'experience", None),
        ("j'ai 20 ans d'experience", None),
        ("depuis 3 ans", None),
        ("au chômage depuis 30 ans", None),
        ("il y a 5 ans", None),
        ("ça fait 20 ans que je bosse", None),
        ("j'ai travaillé 15 ans chez Renault", None),
        ("45 salariés", None),
        ("2026", None),
        ("né en 1980", None),
        ("j'ai 3 enfants", None),
        ("un contrat de 2 ans", None),
        ("j'ai 13 ans", None),
        ("j'ai 81 ans", None),
        ("j'ai 150", None),
        ("5", None),
        ("j'ai plus de 50 ans", None),
        ("je ne sais pas", None),
        ("", None),
    ],
)
def test_parse_age(text: str, expected: int | None) -> None:
    assert parse_age(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 mois", 18),
        ("dix-huit mois", 18),
        ("dix huit mois", 18),
        ("deux ans", 24),
        ("1 an", 12),
        ("un an", 12),
        ("une année", 12),
        ("un an et demi", 18),
        ("deux ans et demi", 30),
        ("1 an 1/2", 18),
        ("1,5 an", 18),
        ("2 ans et 6 mois", 30),
        ("un an 6 mois", 18),
        ("6 mois", 6),
        ("24m", 24),
        ("24 M", 24),
        ("un semestre", 6),
        ("un contrat de 12 mois svp", 12),
        ("on part sur 3 ans", 36),
        ("5 ans", 60),
        ("j'ai 45 ans et je voudrais 18 mois", 18),
        ("au chomage depuis 2 ans, je veux un contrat de 12 mois", 12),
        ("entre 12 et 18 mois", 18),
        # not a contract duration
        ("j'ai 20 ans", None),
        ("jai 20 ans", None),
        ("âgé de 30 ans", None),
        ("45 ans", None),
        ("depuis 2 ans", None),
        ("il y a 3 ans", None),
        ("ça fait 2 ans que je cherche", None),
        ("2 ans d'expérience", None),
        ("démarrer dans 2 mois", None),
        ("6 ans", None),
        ("0 mois", None),
        ("je ne sais pas encore", None),
        ("80 m2", None),
        ("", None),
    ],
)
def test_parse_duration_months(text: str, expected: int | None) -> None:
    assert parse_duration_months(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weeks and days in months, to the nearest, at least one
        ("3 semaines", 1),
        ("trois semaines", 1),
        ("quinze jours", 1),
        ("15 jours", 1),
        ("huit jours", 1),
        ("6 semaines", 1),
        ("10 semaines", 2),
        ("26 semaines", 6),
        ("52 semaines", 12),
        ("365 jours", 12),
        ("un contrat de 2 sem", 1),
        # a start, a notice or a leave is no contract duration
        ("dans 15 jours", None),
        ("démarrer dans trois semaines", None),
        ("sous 15 jours", None),
        ("15 jours de congés", None),
        ("période d'essai de 2 mois", None),
        ("0 jour", None),
        ("400 semaines", None),
    ],
)
def test_a_duration_in_weeks_or_days_is_converted_to_months(text: str, expected: int | None) -> None:
    assert parse_duration_months(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sans diplôme", DiplomaLevel.NONE),
        ("aucun diplome", DiplomaLevel.NONE),
        ("pas de diplome", DiplomaLevel.NONE),
        ("non diplômée", DiplomaLevel.NONE),
        ("rien", DiplomaLevel.NONE),
        ("j'ai rien du tout", DiplomaLevel.NONE),
        ("CAP", DiplomaLevel.CAP_BEP),
        ("un bep", DiplomaLevel.CAP_BEP),
        ("brevet", DiplomaLevel.CAP_BEP),
        ("cap cuisine", DiplomaLevel.CAP_BEP),
        ("titre pro niveau 3", DiplomaLevel.CAP_BEP),
        ("bac", DiplomaLevel.BAC_GENERAL),
        ("bac général", DiplomaLevel.BAC_GENERAL),
        ("bac S", DiplomaLevel.BAC_GENERAL),
        ("bac ES", DiplomaLevel.BAC_GENERAL),
        ("baccalauréat", DiplomaLevel.BAC_GENERAL),
        ("bac techno", DiplomaLevel.BAC_GENERAL),
        ("bac STMG", DiplomaLevel.BAC_GENERAL),
        ("bac sti2d", DiplomaLevel.BAC_GENERAL),
        ("bac pro", DiplomaLevel.BAC_PRO),
        ("bacpro commerce", DiplomaLevel.BAC_PRO),
        ("bac professionnel", DiplomaLevel.BAC_PRO),
        ("titre pro niveau 4", DiplomaLevel.BAC_PRO),
        ("titre professionnel de niveau IV", DiplomaLevel.BAC_PRO),
        ("brevet professionnel coiffure", DiplomaLevel.BAC_PRO),
        ("bts", DiplomaLevel.BAC_PLUS_2),
        ("un DUT GEA", DiplomaLevel.BAC_PLUS_2),
        ("BUT informatique", DiplomaLevel.BAC_PLUS_2),
        ("deug", DiplomaLevel.BAC_PLUS_2),
        ("bac+2", DiplomaLevel.BAC_PLUS_2),
        ("bac + 2", DiplomaLevel.BAC_PLUS_2),
        ("titre pro niveau 5", DiplomaLevel.BAC_PLUS_2),
        ("licence", DiplomaLevel.BAC_PLUS_3),
        ("licence pro", DiplomaLevel.BAC_PLUS_3),
        ("bachelor", DiplomaLevel.BAC_PLUS_3),
        ("bac+3", DiplomaLevel.BAC_PLUS_3),
        ("niveau 6", DiplomaLevel.BAC_PLUS_3),
        ("master 2", DiplomaLevel.BAC_PLUS_5),
        ("diplôme d'ingénieur", DiplomaLevel.BAC_PLUS_5),
        ("bac+5", DiplomaLevel.BAC_PLUS_5),
        ("doctorat", DiplomaLevel.BAC_PLUS_5),
        ("niveau 7", DiplomaLevel.BAC_PLUS_5),
        ("cap puis bac pro", DiplomaLevel.BAC_PRO),
        ("bac pro et bts", DiplomaLevel.BAC_PLUS_2),
        ("pas le bac mais un cap", DiplomaLevel.CAP_BEP),
        ("j'ai raté mon bts, j'ai un bac pro", DiplomaLevel.BAC_PRO),
        ("j'ai 45 ans et un bac+2 en compta", DiplomaLevel.BAC_PLUS_2),
        ("j'ai passé mon bac", DiplomaLevel.BAC_GENERAL),
        ("BTS en alternance", DiplomaLevel.BAC_PLUS_2),
        # nothing to read
        ("mon but est de travailler", None),
        ("je n'y comprends rien", None),
        ("titre pro", None),
        ("j'ai 45 ans", None),
        ("", None),
    ],
)
def test_parse_diploma_level(text: str, expected: DiplomaLevel | None) -> None:
    assert parse_diploma_level(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lacking the bac or below: below it, coded like no diploma (the rules: below the bac pro)
        ("sans bac", DiplomaLevel.NONE),
        ("sans le bac", DiplomaLevel.NONE),
        ("pas de bac", DiplomaLevel.NONE),
        ("pas le bac", DiplomaLevel.NONE),
        ("je n'ai pas le bac", DiplomaLevel.NONE),
        ("pas encore le bac", DiplomaLevel.NONE),
        ("jamais eu le CAP", DiplomaLevel.NONE),
        ("j'ai arrêté l'école avant le bac", DiplomaLevel.NONE),
        ("sans bac mais avec un CAP", DiplomaLevel.CAP_BEP),
        ("pas le bac pro, un bac général", DiplomaLevel.BAC_GENERAL),
        # lacking a diploma above the bac says nothing of the bac
        ("pas de BTS", None),
        ("je ne suis pas en BTS", None),
        # begun, not held: the level it certainly follows (a bac of unknown kind after the bac)
        ("BTS en cours", DiplomaLevel.BAC_GENERAL),
        ("en cours de BTS", DiplomaLevel.BAC_GENERAL),
        ("BTS MCO en cours d'obtention", DiplomaLevel.BAC_GENERAL),
        ("bac+2 en cours de validation", DiplomaLevel.BAC_GENERAL),
        ("BTS pas encore obtenu", DiplomaLevel.BAC_GENERAL),
        ("je prépare un BTS", DiplomaLevel.BAC_GENERAL),
        ("je suis en BTS", DiplomaLevel.BAC_GENERAL),
        ("étudiante en licence", DiplomaLevel.BAC_GENERAL),
        ("en 2e année de licence", DiplomaLevel.BAC_GENERAL),
        ("licence 3 en cours", DiplomaLevel.BAC_GENERAL),
        ("master en cours", DiplomaLevel.BAC_GENERAL),
        ("j'ai raté mon BTS", DiplomaLevel.BAC_GENERAL),
        ("bac pro en cours", DiplomaLevel.NONE),
        ("CAP en cours", DiplomaLevel.NONE),
        ("je passe mon bac cette année", DiplomaLevel.NONE),
        ("titre pro niveau 4 en cours", DiplomaLevel.NONE),
        ("bac pro, BTS en cours", DiplomaLevel.BAC_PRO),
        ("bac pro et BTS en cours", DiplomaLevel.BAC_PRO),
        ("j'ai un CAP et je prépare un bac pro", DiplomaLevel.CAP_BEP),
    ],
)
def test_a_diploma_lacked_or_begun_is_not_held(text: str, expected: DiplomaLevel | None) -> None:
    assert parse_diploma_level(text) == expected


@pytest.mark.parametrize(
    ("text", "bac_pro_or_above"),
    [("BTS en cours", None), ("sans bac", False), ("bac pro en cours", False), ("BTS", True)],
)
def test_what_the_pay_rule_reads_of_a_diploma_not_held(text: str, bac_pro_or_above: bool | None) -> None:
    level = parse_diploma_level(text)
    assert level is not None and level.bac_pro_or_above is bac_pro_or_above


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (DiplomaLevel.NONE, False),
        (DiplomaLevel.CAP_BEP, False),
        (DiplomaLevel.BAC_GENERAL, None),
        (DiplomaLevel.BAC_PRO, True),
        (DiplomaLevel.BAC_PLUS_2, True),
        (DiplomaLevel.BAC_PLUS_3, True),
        (DiplomaLevel.BAC_PLUS_5, True),
    ],
)
def test_bac_pro_or_above(level: DiplomaLevel, expected: bool | None) -> None:
    assert level.bac_pro_or_above is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("demandeur d'emploi", Situation.JOBSEEKER),
        ("demandeuse d emploi", Situation.JOBSEEKER),
        ("au chômage", Situation.JOBSEEKER),
        ("chomeur", Situation.JOBSEEKER),
        ("sans emploi", Situation.JOBSEEKER),
        ("inscrit à France Travail", Situation.JOBSEEKER),
        ("inscrite a pole emploi", Situation.JOBSEEKER),
        ("je cherche du travail", Situation.JOBSEEKER),
        ("je cherche un cdi", Situation.JOBSEEKER),
        ("j'ai 45 ans et je suis demandeur d'emploi", Situation.JOBSEEKER),
        ("je suis plus en cdi, je suis au chomage", Situation.JOBSEEKER),
        ("en CDI", Situation.EMPLOYEE_CDI),
        ("salarié en cdi", Situation.EMPLOYEE_CDI),
        ("contrat à durée indéterminée", Situation.EMPLOYEE_CDI),
        ("cdd", Situation.EMPLOYEE_OTHER),
        ("en intérim", Situation.EMPLOYEE_OTHER),
        ("intérimaire", Situation.EMPLOYEE_OTHER),
        ("salariée", Situation.EMPLOYEE_OTHER),
        ("je suis en cdd et je voudrais un cdi", Situation.EMPLOYEE_OTHER),
        ("salariée en reconversion", Situation.EMPLOYEE_OTHER),
        ("étudiant", Situation.STUDENT),
        ("lycéenne", Situation.STUDENT),
        ("en formation", Situation.STUDENT),
        ("alternant", Situation.STUDENT),
        ("au RSA", Situation.MINIMUM_INCOME),
        ("je touche l'ASS", Situation.MINIMUM_INCOME),
        ("aah", Situation.MINIMUM_INCOME),
        ("demandeuse d'emploi au rsa", Situation.MINIMUM_INCOME),
        ("autre", Situation.OTHER),
        ("indépendant", Situation.OTHER),
        ("auto-entrepreneur", Situation.OTHER),
        ("auto entrepreneuse", Situation.OTHER),
        ("en reconversion", Situation.OTHER),
        # nothing to read
        ("j'étais en cdi", None),
        ("je ne suis pas salarié", None),
        ("une autre entreprise", None),
        ("entreprise de 80 salariés", None),
        ("bonjour", None),
        ("", None),
    ],
)
def test_parse_situation(text: str, expected: Situation | None) -> None:
    assert parse_situation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je ne suis pas demandeur d'emploi", None),
        ("je ne suis plus au chômage", None),
        ("je suis pas demandeuse d'emploi", None),
        ("pas chômeur", None),
        ("je ne suis pas inscrit à France Travail", None),
        ("ancienne demandeuse d'emploi", None),
        ("je ne suis plus au chômage, je suis en CDI", Situation.EMPLOYEE_CDI),
        ("je n'ai jamais été au chômage, je suis salariée", Situation.EMPLOYEE_OTHER),
        ("je ne suis pas demandeuse d'emploi mais étudiante", Situation.STUDENT),
        ("ex-chômeur, en CDD", Situation.EMPLOYEE_OTHER),
        ("je ne suis pas au chômage mais je cherche un emploi", Situation.JOBSEEKER),
        ("je suis en plus au chômage", Situation.JOBSEEKER),
    ],
)
def test_a_negated_situation_is_not_the_situation(text: str, expected: Situation | None) -> None:
    assert parse_situation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("titre pro", CertificationType.TITRE_PRO),
        ("un titre professionnel", CertificationType.TITRE_PRO),
        ("titre profesionnel d'agent de propreté", CertificationType.TITRE_PRO),
        ("je sais pas, un titre pro je crois", CertificationType.TITRE_PRO),
        ("un diplôme", CertificationType.DIPLOMA),
        ("BTS", CertificationType.DIPLOMA),
        ("cap petite enfance", CertificationType.DIPLOMA),
        ("bac pro", CertificationType.DIPLOMA),
        ("une licence", CertificationType.DIPLOMA),
        ("cqp", CertificationType.CQP),
        ("un CQPM", CertificationType.CQP),
        ("cqpi", CertificationType.CQP),
        ("blocs de compétences", CertificationType.SKILLS_BLOCK),
        ("un bloc de competences du titre pro", CertificationType.SKILLS_BLOCK),
        ("rncp", CertificationType.RNCP),
        ("certification RNCP", CertificationType.RNCP),
        ("qualification de la convention collective", CertificationType.COLLECTIVE_AGREEMENT),
        ("classification conventionnelle", CertificationType.COLLECTIVE_AGREEMENT),
        ("je ne sais pas", CertificationType.UNKNOWN),
        ("aucune idée", CertificationType.UNKNOWN),
        ("jsp", CertificationType.UNKNOWN),
        ("chais pas", CertificationType.UNKNOWN),
        # nothing to read
        ("une certification", None),
        ("mon but est de progresser", None),
        ("oui", None),
        ("", None),
    ],
)
def test_parse_certification_type(text: str, expected: CertificationType | None) -> None:
    assert parse_certification_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("une entreprise", EmployerType.PRIVATE_COMPANY),
        ("société", EmployerType.PRIVATE_COMPANY),
        ("SARL", EmployerType.PRIVATE_COMPANY),
        ("une sas", EmployerType.PRIVATE_COMPANY),
        ("PME", EmployerType.PRIVATE_COMPANY),
        ("tpe du btp", EmployerType.PRIVATE_COMPANY),
        ("un groupe", EmployerType.PRIVATE_COMPANY),
        ("une start-up", EmployerType.PRIVATE_COMPANY),
        ("hôpital privé", EmployerType.PRIVATE_COMPANY),
        ("entreprise de métallurgie de 80 salariés, IDCC 3248", EmployerType.PRIVATE_COMPANY),
        ("association", EmployerType.ASSOCIATION),
        ("une asso loi 1901", EmployerType.ASSOCIATION),
        ("mutuelle", EmployerType.MUTUAL),
        ("coopérative", EmployerType.COOPERATIVE),
        ("une société coopérative", EmployerType.COOPERATIVE),
        ("scop", EmployerType.COOPERATIVE),
        ("SCIC", EmployerType.COOPERATIVE),
        ("un GEIQ", EmployerType.GEIQ),
        ("association geiq btp", EmployerType.GEIQ),
        ("l'État", EmployerType.STATE),
        ("ministère", EmployerType.STATE),
        ("administration centrale", EmployerType.STATE),
        ("la préfecture", EmployerType.STATE),
        ("mairie", EmployerType.LOCAL_AUTHORITY),
        ("une commune", EmployerType.LOCAL_AUTHORITY),
        ("collectivité territoriale", EmployerType.LOCAL_AUTHORITY),
        ("conseil départemental", EmployerType.LOCAL_AUTHORITY),
        ("conseil regional", EmployerType.LOCAL_AUTHORITY),
        ("communauté de communes", EmployerType.LOCAL_AUTHORITY),
        ("la métropole", EmployerType.LOCAL_AUTHORITY),
        ("établissement public administratif", EmployerType.PUBLIC_ADMINISTRATIVE_BODY),
        ("un EPA", EmployerType.PUBLIC_ADMINISTRATIVE_BODY),
        ("hopital public", EmployerType.PUBLIC_ADMINISTRATIVE_BODY),
        ("le CCAS", EmployerType.PUBLIC_ADMINISTRATIVE_BODY),
        ("université", EmployerType.PUBLIC_ADMINISTRATIVE_BODY),
        ("EPIC", EmployerType.PUBLIC_INDUSTRIAL_COMMERCIAL_BODY),
        ("entreprise publique", EmployerType.PUBLIC_INDUSTRIAL_COMMERCIAL_BODY),
        ("établissement public industriel et commercial", EmployerType.PUBLIC_INDUSTRIAL_COMMERCIAL_BODY),
        # nothing to read
        ("diplôme d'État", None),
        ("en métropole", None),
        ("je ne sais pas", None),
        ("", None),
    ],
)
def test_parse_employer_type(text: str, expected: EmployerType | None) -> None:
    assert parse_employer_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IDCC 3248", 3248),
        ("idcc n°1486", 1486),
        ("idcc n° 1486", 1486),
        ("idcc nº 1486", 1486),
        ("idcc: 16", 16),
        ("IDCC0016", 16),
        ("idcc 1979 je crois", 1979),
        ("convention collective 3248", 3248),
        ("convention collective nationale 2609", 2609),
        ("convention collective de la métallurgie 3248", 3248),
        ("ccn 1979", 1979),
        ("CCN des HCR 1979", 1979),
        ("entreprise de métallurgie de 80 salariés, IDCC 3248", 3248),
        # never a bare number, never five digits, never a headcount
        ("3248", None),
        ("80 salariés", None),
        ("idcc 12345", None),
        ("idcc 0", None),
        ("convention collective, 80 salariés", None),
        ("convention collective de 50 salariés", None),
        ("je ne connais pas l'idcc", None),
        ("", None),
    ],
)
def test_parse_idcc(text: str, expected: int | None) -> None:
    assert parse_idcc(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80 salariés", 80),
        ("80 salaries", 80),
        ("quatre-vingts employés", 80),
        ("une équipe de 12 personnes", 12),
        ("entreprise de 250 salariés", 250),
        ("on est 12", 12),
        ("nous sommes environ 30", 30),
        ("effectif de 45", 45),
        ("effectif : 45", 45),
        ("1 200 collaborateurs", 1200),
        ("entreprise de métallurgie de 80 salariés, IDCC 3248", 80),
        ("on veut embaucher 2 personnes, on a 30 salariés", 30),
        ("cinquante agents", 50),
        ("aucun salarié", 0),
        # not a headcount
        ("embaucher deux personnes", None),
        ("recruter 3 personnes", None),
        ("3 recrutements", None),
        ("une dizaine de salariés", None),
        ("j'ai 45 ans", None),
        ("IDCC 3248", None),
        ("", None),
    ],
)
def test_parse_headcount(text: str, expected: int | None) -> None:
    assert parse_headcount(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 recrutements", 3),
        ("embaucher deux personnes", 2),
        ("5 postes", 5),
        ("1 poste à pourvoir", 1),
        ("un seul", 1),
        ("une seule personne", 1),
        ("4", 4),
        ("deux", 2),
        ("500", 500),
        ("recruter 3 alternants", 3),
        ("on voudrait en recruter 4", 4),
        ("on cherche un soudeur", 1),
        ("entreprise de 80 salariés, on recrute 3 alternants", 3),
        ("2 personnes à recruter", 2),
        ("on a besoin de 2 apprentis", 2),
        # not a number of hires
        ("80 salariés", None),
        ("on veut recruter dans 2 mois", None),
        ("recruter 2 ans", None),
        ("501", None),
        ("0", None),
        ("j'ai 45 ans", None),
        ("beaucoup", None),
        ("", None),
    ],
)
def test_parse_hires(text: str, expected: int | None) -> None:
    assert parse_hires(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", True),
        ("Ouiii !", True),
        ("ouais", True),
        ("ouai", True),
        ("yes", True),
        ("ok", True),
        ("OK ça marche", True),
        ("d'accord", True),
        ("daccord", True),
        ("bien sûr", True),
        ("biensur", True),
        ("volontiers", True),
        ("exact", True),
        ("c'est exact", True),
        ("tout à fait", True),
        ("oui merci", True),
        ("si", True),
        ("non", False),
        ("Non.", False),
        ("nan", False),
        ("nn", False),
        ("no", False),
        ("pas du tout", False),
        ("non merci", False),
        ("pas d'accord", False),
        ("certainement pas", False),
        ("bien sûr que non", False),
        ("jamais", False),
        # neither, or both
        ("oui et non", None),
        ("ok mais non", None),
        ("je ne sais pas", None),
        ("peut-être", None),
        ("si je peux", None),
        ("merci", None),
        ("", None),
    ],
)
def test_parse_yes_no(text: str, expected: bool | None) -> None:
    assert parse_yes_no(text) is expected

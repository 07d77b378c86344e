"""A deterministic (seeded) set of hostile or unusual messages, by category, for the bad-input tests.

``python -m tests.badinput.generate`` prints how many messages each category holds.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import List, NamedTuple

SEED = 20261126
LONG = 50_000


class BadMessage(NamedTuple):
    category: str
    text: str


_FRENCH = ["Bonjour", "c'est quoi la VAE inversée ?", "je veux être rappelé", "combien ça coûte ?",
           "quelles sont les étapes", "suis-je éligible", "merci", "au revoir", "mon OPCO ?", "je m'appelle Léa"]
_EMOJI = ["🤔", "🙏", "👩‍💼", "🇫🇷", "💶", "✅", "❤️", "🚀", "😂", "👍🏽", "🧑‍🏭", "🎓"]
_RTL = ["مرحبا، ما هو العقد المهني؟", "שלום, מה זה VAE?", "سلام، چطور می‌توانم ثبت نام کنم؟",
        "\u202eenilno erèimerp\u202c", "أريد أن أعرف المزيد عن التكوين", "\u200fמידע נוסף בבקשה"]
_HTML = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "<b>gras</b> <i>italique</i>",
         "<a href=\"javascript:alert(1)\">clic</a>", "<iframe src=\"https://exemple.fr\"></iframe>",
         "&lt;&gt;&amp;&quot;", "<!-- commentaire -->", "<svg/onload=alert(1)>", "</div></body></html>"]
_SQL = ["'; DROP TABLE events; --", "1 OR 1=1", "\" OR \"\"=\"", "admin'--", "'; DELETE FROM leads WHERE 1=1; --",
        "UNION SELECT password FROM users", "1; SELECT pg_sleep(10)", "Robert'); DROP TABLE students;--",
        "%' AND 1=0 UNION ALL SELECT NULL--"]
_JSON = ['{"sender": "x", "message": "y"}', '[1, 2, {"a": null}]', '{"__proto__": {"admin": true}}',
         '/greet{"name": "x"}', '/request_human{"contact": "a@b.fr"}', '/EXTERNAL_reminder', '/restart',
         '/session_start', '{"intent": "affirm"}', '/ask_steps{"step": ' + '"x"' * 50 + '}', 'null', 'true']
_OTHER_LANGUAGES = ["Hello, what is a professional contract?", "¿Qué es la VAE inversa?", "Was kostet das?",
                    "这是什么？", "Что такое VAE?", "これは何ですか", "Ciao, come funziona?", "O que é isso?",
                    "Γειά σου", "안녕하세요", "Merhaba, nasılsın?", "नमस्ते", "Cześć, jak to działa?"]
_CONTROL = ["\x00", "\x07", "\x1b[31m", "\x08\x08", "\r\n", "\t", "\x7f", "\u0085", "\u2028", "\ufeff", "\u200b", "\x0c"]


def _control(rng: random.Random) -> str:
    base = rng.choice(_FRENCH)
    chars = list(base)
    for _ in range(rng.randint(1, 6)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(_CONTROL))
    return "".join(chars)


def _emoji(rng: random.Random) -> str:
    parts = [rng.choice(_EMOJI) for _ in range(rng.randint(1, 8))]
    if rng.random() < 0.5:
        parts.insert(rng.randint(0, len(parts)), rng.choice(_FRENCH))
    return " ".join(parts) if rng.random() < 0.5 else "".join(parts)


def _long(rng: random.Random) -> str:
    filler = rng.choice([rng.choice(_FRENCH) + " ", "a", "é", "🙂", "<b>", "x" * 7 + " ", "\u0301"])
    return (filler * (LONG // len(filler) + 1))[: rng.choice([LONG, LONG - 1, 10_001, 4_000])]


def _mixed(rng: random.Random) -> str:
    pools = [_FRENCH, _EMOJI, _RTL, _HTML, _SQL, _JSON, _OTHER_LANGUAGES, _CONTROL]
    return " ".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(2, 5)))


def _unicode(rng: random.Random) -> str:
    return rng.choice([
        "e\u0301\u0301\u0301" * rng.randint(1, 40), "Z̸̡̛͔a̷̢̛lgo̶", "\U0001d573\U0001d586\U0001d591\U0001d591\U0001d594",
        "ﬁ ﬂ ﬀ ½ ² ℃", "\u00a0\u202f\u2009\u3000", "𝔳𝔞𝔢 𝔦𝔫𝔳𝔢𝔯𝔰𝔢𝔢", "Ａ Ｂ Ｃ １２３", "\ud83d", "a\udc00b",
    ])


def generate(count: int = 520, seed: int = SEED) -> List[BadMessage]:
    """``count`` messages; the first ones cover every category, then categories are drawn at random."""
    rng = random.Random(seed)
    fixed = [BadMessage("empty", ""), BadMessage("empty", " "), BadMessage("empty", "\n\t  \n"),
             BadMessage("long", "a" * LONG), BadMessage("long", ("Bonjour, quelles sont les étapes ? " * 1500)[:LONG])]
    makers = {
        "control": _control, "emoji": _emoji, "rtl": lambda r: r.choice(_RTL), "html": lambda r: r.choice(_HTML),
        "sql": lambda r: r.choice(_SQL), "json": lambda r: r.choice(_JSON),
        "other_language": lambda r: r.choice(_OTHER_LANGUAGES), "long": _long, "mixed": _mixed, "unicode": _unicode,
        "empty": lambda r: r.choice(["", " ", "\n", "\u200b", "   \t"]),
    }
    names = sorted(makers)
    messages = fixed + [BadMessage(name, makers[name](rng)) for name in names]
    while len(messages) < count:
        # Long ones are rarer: each costs the server a 50 000-character JSON round trip.
        name = rng.choice(names + [n for n in names if n != "long"] * 3)
        messages.append(BadMessage(name, makers[name](rng)))
    return messages


if __name__ == "__main__":
    for category, number in sorted(Counter(message.category for message in generate()).items()):
        print(f"{category:15} {number}")

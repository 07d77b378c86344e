"""Print intent accuracy and macro-F1 from a `rasa test nlu` intent report."""

import json
import sys


def main(path: str) -> None:
    with open(path, encoding="utf-8") as stream:
        report = json.load(stream)
    macro = report["macro avg"]
    print(f"held-out messages : {macro['support']}")
    print(f"intent accuracy   : {report['accuracy']:.3f}")
    print(f"macro-F1          : {macro['f1-score']:.3f}")
    weakest = sorted(
        (name, scores["f1-score"])
        for name, scores in report.items()
        if isinstance(scores, dict) and "f1-score" in scores and name not in ("macro avg", "weighted avg", "micro avg")
    )
    weakest.sort(key=lambda item: item[1])
    print("weakest intents   : " + ", ".join(f"{name} {f1:.2f}" for name, f1 in weakest[:5]))


if __name__ == "__main__":
    main(sys.argv[1])

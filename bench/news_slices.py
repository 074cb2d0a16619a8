"""Article scores by slice: the news-dev set's articles are named by slice ("a-01": armed conflict in Asia
and North Africa, "b-": Sub-Saharan Africa, "c-": demonstrations, riots and strategic developments,
"d-": hard cases). Prints one markdown row per slice and for all, with the figures of
`eventwire eval --articles` (the reference scorer's).

    .venv/bin/python bench/news_slices.py ../shared/data/news-dev/gold.json ../shared/data/news-dev/articles.jsonl
    .venv/bin/python bench/news_slices.py GOLD.json --predictions PRED.jsonl   # score an events file instead
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from eventwire.evaluate_articles import group_by_article, load_gold, read_predictions, score_articles
from eventwire.io.readers import read_documents
from eventwire.pipeline import extract_many

FIGURES = ("main_event_recall", "precision", "events_per_article", "no_event_articles_clean", "main_sub_event_type",
           "main_admin1", "main_fatalities", "main_actor1", "main_within_25km")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("articles", nargs="?")
    parser.add_argument("--predictions")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    if args.predictions:
        records, _ = read_predictions(args.predictions)
    elif args.articles:
        documents = read_documents([args.articles], input_format="jsonl")
        records = [e.to_dict() for result in extract_many(documents) for e in result.events]
    else:
        parser.error("give ARTICLES.jsonl or --predictions PRED.jsonl")
    predicted = group_by_article(records)
    slices: dict[str, dict] = defaultdict(dict)
    for aid, article in gold.items():
        slices[aid.split("-", 1)[0]][aid] = article
    print("| slice | articles | " + " | ".join(FIGURES) + " |")
    print("|---|---:|" + "---:|" * len(FIGURES))
    for name, part in [*sorted(slices.items()), ("all", gold)]:
        figures = score_articles(part, predicted).figures
        cells = ["-" if figures[f] is None else str(figures[f]) for f in FIGURES]
        print(f"| {name} | {len(part)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

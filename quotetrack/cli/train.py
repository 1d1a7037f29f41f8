"""The training commands of the command line: ``train-entities`` and ``train-attribution``.

Learned weights are data, and anyone can rebuild them: the entity model
(``quotetrack/data/entities.npz``) from NewsFANE Gold, the attribution ranker
(``rules/attribution_ranker.yaml``) from gold-annotated articles.  Both are
seeded and print what they measured; both write their output atomically.
"""
from __future__ import annotations

import sys

import click

from .group import cli
from .options import fail, pipeline_options
from ..attribution.ranker import L2
from ..errors import QuotetrackError


def _progress(label: str):
    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():
            click.echo(f"\r{label}: {done}/{total}", err=True, nl=done == total)
    return show


@cli.command("train-entities")
@click.argument("newsfane", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Where to write the model (default: the shipped quotetrack/data/entities.npz).")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the split, the initial weights and "
              "the batches: the same seed gives the same model and scores.")
@click.option("--epochs", type=click.IntRange(min=1), default=30, show_default=True,
              help="Most epochs (training stops earlier when the held-out F1 stops rising).")
@click.option("--split", type=click.Choice(["sentences", "stories"]), default="sentences", show_default=True,
              help="sentences: a random tenth of sentences for dev and for test; stories: blocks of 20 "
                   "consecutive sentences, so test names are mostly unseen.")
@click.option("--limit", type=click.IntRange(min=0), default=0,
              help="Read only the first N sentences (a quick trial); 0 reads all.")
@click.option("--rebuild-lexicon", is_flag=True,
              help="First rebuild the word-frequency table from the installed wordfreq package.")
@click.option("--rules", "rules", type=click.Path(file_okay=False), default=None,
              help="Rules folder whose morphology tables the features use.")
def train_entities(newsfane, output, seed, epochs, split, limit, rebuild_lexicon, rules):
    """Train the Arabic entity recogniser on NEWSFANE (NewsFANE Gold, CoNLL token<TAB>tag) and
    print per-label precision, recall and F1 on the held-out test split."""
    from ..analyser import analyser_for
    from ..atomic import atomic_open
    from ..entities.model import MODEL
    from ..entities.training import Options, Trainer, prepare
    from ..lexicon import TABLE, build_table, default_lexicon
    from ..ruleset import Ruleset

    try:
        if rebuild_lexicon:
            click.echo(f"lexicon: {build_table(TABLE):,} words written to {TABLE}", err=True)
            default_lexicon.cache_clear()
        opts = Options(seed=seed, epochs=epochs, split=split, limit=limit)
        train, dev, test = prepare(newsfane, opts)
        click.echo(f"{sum(len(e.folded) for e in train):,} words to train on, {len(dev)} dev and "
                   f"{len(test)} test examples ({split} split, seed {seed})", err=True)
        trainer = Trainer(opts, analyser_for(Ruleset.load(rules)), default_lexicon(),
                          log=lambda line: click.echo(line, err=True))
        weights, info = trainer.fit(train, dev)
        scores = trainer.evaluate(weights, test)
        weights.config["test"] = {k: {m: round(v, 4) for m, v in s.items()} for k, s in scores.items()}
        weights.config["split"], weights.config["seed"] = split, seed
        path = output or str(MODEL)
        with atomic_open(path, "wb") as fh:
            weights.save(fh)
    except QuotetrackError as err:
        fail(str(err))
    click.echo(f"test split ({split}), entity-level:")
    click.echo(f"{'label':6} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
    for label, s in scores.items():
        click.echo(f"{label:6} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['support']:8d}")
    click.echo(f"wrote {path} (best dev F1 {info['dev_f1']:.3f} at epoch {info['epoch']})", err=True)


@cli.command("train-attribution")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--gold-dir", "gold_dirs", multiple=True, required=True, type=click.Path(file_okay=False),
              help="Folder of *.gold.json files (repeatable); an article is used when its id has a gold file.")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Where to write the weights (default: attribution_ranker.yaml of the rules folder).")
@click.option("--l2", type=click.FloatRange(min=0), default=L2, show_default=True,
              help="L2 penalty on the weights.")
@pipeline_options
def train_attribution(inputs, gold_dirs, output, l2, rules, backend, udpipe_model):
    """Fit the attribution ranker on gold-annotated INPUTS, report leave-one-article-out speaker
    accuracy and calibration, and write the weights (a rules file)."""
    from ..atomic import write_text
    from ..attribution.training import prepare, train, weights_yaml
    from ..evaluate import load_gold
    from ..inputs.reading import read_inputs
    from ..pipeline import load
    from ..ruleset import Ruleset

    gold = load_gold(list(gold_dirs))
    if not gold:
        fail(f"no *.gold.json files in {', '.join(gold_dirs)}")
    try:
        ruleset = Ruleset.load(rules)
        texts = {a.id: a.text for a in read_inputs(list(inputs))}
        if not set(texts) & set(gold):
            fail("none of the inputs has a gold file (an article's id is its file stem)")
        nlp = load(backend=backend, rules=rules, udpipe_model=udpipe_model)
        articles = prepare(nlp, texts, gold, _progress("reading"))
        report = train(ruleset, articles, l2, _progress("leave-one-article-out"))
    except QuotetrackError as err:
        fail(str(err))
    f = report.loo.figures
    click.echo(f"{len(articles)} articles, {report.n_groups} gold quotes found; gold speaker among the "
               f"candidates: {report.reachable:.3f}")
    click.echo(f"leave-one-article-out: P={f['p']:.3f} R={f['r']:.3f} F1={f['f1']:.3f} "
               f"speaker_acc={f['speaker_acc']:.3f}; expected calibration error {report.ece:.3f}")
    path = output or str(ruleset.folder / "attribution_ranker.yaml")
    write_text(path, weights_yaml(report, f"trained on {len(articles)} articles"))
    click.echo(f"wrote {path} ({len(report.weights)} weights)", err=True)

"""The attribution ranker: fitting, calibration, the weights file and its validation."""
from __future__ import annotations

import random

import pytest

from quotetrack.attribution.ranker import (Group, Ranker, expected_calibration_error, fit, platt)
from quotetrack.errors import RulesError
from quotetrack.ruleset import Ruleset

from .conftest import copy_rules


def synthetic_groups(n: int = 300, seed: int = 3) -> list[Group]:
    """Quotes whose right candidate is the explicit one 90% of the time, else the latest speaker."""
    rng = random.Random(seed)
    groups = []
    for _ in range(n):
        explicit = {"p:explicit_subject": 1.0, "after_cue": 1.0}
        anaphora = {"p:zero_anaphora": 1.0, "spoke_last": 1.0}
        other = {"p:zero_anaphora": 1.0, "para_back2": 1.0}
        right_explicit = rng.random() < 0.9
        groups.append(Group([{"null": 1.0}, explicit, anaphora, other],
                            [False, right_explicit, not right_explicit, False]))
    return groups


def test_fit_learns_which_evidence_wins():
    w = fit(synthetic_groups())
    r = Ranker(w)
    assert w["p:explicit_subject"] + w["after_cue"] > w["p:zero_anaphora"] + w["spoke_last"] > \
        w["p:zero_anaphora"] + w.get("para_back2", 0.0)
    d = r.decide([{"p:zero_anaphora": 1.0, "spoke_last": 1.0}, {"p:explicit_subject": 1.0, "after_cue": 1.0}],
                 {"null": 1.0})
    assert d.index == 1 and 0.5 < d.probability < 1.0


def test_nobody_is_chosen_when_no_candidate_is_ever_right():
    groups = [Group([{"null": 1.0}, {"p:zero_anaphora": 1.0, "para_back3": 1.0}], [True, False])] * 50
    d = Ranker(fit(groups)).decide([{"p:zero_anaphora": 1.0, "para_back3": 1.0}], {"null": 1.0})
    assert d.index == -1


def test_platt_calibrates_overconfident_scores():
    rng = random.Random(5)
    probs = [rng.uniform(0.5, 1.0) for _ in range(2000)]
    right = [rng.random() < 0.7 for _ in probs]  # 70% right whatever the raw score says
    a, b = platt(probs, right)
    r = Ranker({}, a, b)
    before = expected_calibration_error(probs, right)
    after = expected_calibration_error([r.calibrate(p) for p in probs], right)
    assert after < 0.05 < before


@pytest.mark.parametrize("conf, right, ece", [
    ([0.9] * 10, [True] * 9 + [False], 0.0),
    ([0.95] * 4, [True, True, False, False], 0.45),
    ([], [], 0.0),
])
def test_expected_calibration_error(conf, right, ece):
    assert expected_calibration_error(conf, right) == pytest.approx(ece, abs=1e-9)


def ranker_file(tmp_path):
    return copy_rules(tmp_path) / "attribution_ranker.yaml"


@pytest.mark.parametrize("entry, code", [
    ('{feature: "p:explicit_subject", weight: high}', "QT011"),  # a weight is a number
    ('{feature: "first_word_is_ahmad", weight: 1.0}', "QT017"),  # no such feature
    ('{feature: "p:explicit_subject", weight: 1.0, why: x}', "QT012"),
])
def test_weights_file_is_validated(tmp_path, entry, code):
    path = ranker_file(tmp_path)
    path.write_text(f"schema_version: 1\nweights:\n  - {entry}\ncalibration: []\n", encoding="utf-8")
    with pytest.raises(RulesError, match=code):
        Ranker.from_rules(Ruleset.load(tmp_path))


def test_shipped_weights_load_and_name_known_features():
    r = Ranker.from_rules(Ruleset.load())
    assert r.weights["p:explicit_subject"] > 0 and r.slope > 0

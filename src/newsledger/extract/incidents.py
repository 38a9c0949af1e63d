"""Annotated article → Incident: per-article incident extraction from the dependency parse.

Input: an `Article`, the spaCy `Doc` the language layer parsed its body into
(`ArticleAnnotator.annotate_docs`) and its `Mention`s. Output: a list of `Incident`s (records.py), each
with its evidence spans (offsets into `Article.body`).

How (docs/incidents.md has the long version):
1. Triggers come from `data/event_types.toml`: a verb, adjective or noun with the complement it needs
   ("refused" + to fight / orders, "gave" + up, "sign" + contracts under "forced"/"pressured into").
2. The actor is the one who acts: the subject of the trigger (or of the verb it hangs from: "refused to
   fight", "were unwilling to fight"), the agent of a passive, the object of a coercing verb ("forced
   them to sign"), the noun a relative clause hangs from ("soldiers who surrendered"). Pronouns and
   "the same unit" resolve to the last actor named before them; they then bring that actor's setting
   (size, place, time) from its sentence.
3. Size, place and time are the mentions inside the trigger's clause (the actor's phrase first for
   size), never inside the attribution ("…, a regional official said on Wednesday").
4. Status: a `neg` child, or "no" on a governing noun, makes a mention negated; a modal auxiliary,
   "if", or a governing "threaten/plan to" makes it hypothetical: neither is an incident. A governing
   "deny" makes it denied; "could not be verified" unconfirmed; an attribution or a hedge reported.
5. Mentions of the same incident in one article (same type, no conflicting role, a shared actor or
   place) are merged; linking across articles is the link stage's job.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from newsledger.extract.event_types import EventTypes, Trigger, load_event_types, stem
from newsledger.records import Article, Evidence, Incident, Mention, Role

# Dependency labels a trigger's complement can carry ("refused to fight", "refused orders", "gave up").
_COMPLEMENT_DEPS = frozenset(
    {"xcomp", "dobj", "prt", "acomp", "advmod", "attr", "ccomp", "pcomp", "npadvmod", "nsubjpass"}
)  # a passive subject is the logical object: "the order to attack was refused"
# Labels climbed from a trigger to the verbs governing it ("forced them to sign", "pressured into signing").
_GOVERNING_DEPS = frozenset(
    {"xcomp", "pcomp", "pobj", "prep", "ccomp", "acl", "dobj", "conj", "advcl", "attr", "compound", "amod"}
)
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_ACTOR_KINDS = ("unit", "group")
_SOURCE_KINDS = ("person", "org", "group", "agency", "outlet", "place", "unit")
_STATUS_RANK = {"asserted": 0, "reported": 1, "unconfirmed": 2, "denied": 3}
_ROLE_WINDOW = 3  # sentences after a trigger searched for outcomes; calibrated on the dev set
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,}, ")
_COUNT_WORDS = ("some", "many", "most", "several", "others", "dozens", "hundreds", "thousands", "scores")
_VERIFIED = re.compile(r"\b(?:verified|confirmed)\b")
# Sentences after an incident within which "could not be verified" still doubts it; the sample corpus
# puts such a line up to five sentences after the story's first sentence.
_DOUBT_WINDOW = 6
_PRONOUNS = ("they", "them", "their", "who", "those", "it", "its")
_LIST_MARKS = ("-", "•", "*", "–")
_QUOTES = "\"“”'‘’"


@dataclass(slots=True)
class _Actor:
    role: Role | None
    tokens: range  # token indices of the actor's phrase (empty when none)
    sentence: int  # the sentence of the phrase that named it (an antecedent's, when resolved)
    resolved: bool = False  # named by a pronoun or "the same unit" and resolved to an earlier actor
    size: Mention | None = None
    place: Mention | None = None
    time: Mention | None = None
    definite: bool = False
    extent: range = range(0)  # every token of the actor's subtree (its phrase plus clauses on it)
    teller: bool = False  # the phrase is the subject of a reporting verb: its sentence is no setting
    anchor: int | None = None  # the token index of the actor noun, after resolution


@dataclass(slots=True)
class _Found:
    """One mention of an incident before merging."""

    type: str
    trigger: Token
    actor: _Actor
    size: Mention | None
    place: Mention | None
    time: Mention | None
    status: str
    hedged: bool
    specific: bool
    attribution: list[Role]
    causes: list[str]
    outcomes: list[str]
    evidence: list[tuple[int, int]]
    repeated: bool  # carries "again"/"first": a distinct occurrence, never merged


class IncidentExtractor:
    """Loads the event types once; `extract` is the one thing it does."""

    def __init__(self, extra_event_types: Sequence[Path] = ()) -> None:
        self._data: EventTypes = load_event_types(extra_event_types)

    def extract(self, article: Article, doc: Doc, mentions: Sequence[Mention]) -> list[Incident]:
        """The incidents the article tells, in body order (negated and hypothetical mentions dropped)."""
        return _ArticleExtraction(self._data, article, doc, mentions).run()


class _ArticleExtraction:
    """The state of one article's extraction: its doc, its mentions by kind, the actors named so far."""

    def __init__(self, data: EventTypes, article: Article, doc: Doc, mentions: Sequence[Mention]):
        self.data = data
        self.article = article
        self.doc = doc
        self.body = article.body
        self.sentences = _segments(doc)
        self.sentence_starts = [s.start for s in self.sentences]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.paragraph_starts = [0] + [i + 1 for i, c in enumerate(self.body) if c == "\n"]

    # -- the pass over the article ------------------------------------------------------------------

    def run(self) -> list[Incident]:
        candidates = [
            (token, type_id, negated_form)
            for token in self.doc
            for type_id, negated_form in self._trigger_types(token)
            if self._polarity(token, _clause_head(token), negated_form) not in ("negated", "hypothetical")
        ]
        trigger_sentences = {self._sentence_of(token) for token, _, _ in candidates}
        found: list[_Found] = []
        for token, type_id, negated_form in candidates:
            incident = self._incident(token, type_id, negated_form, trigger_sentences)
            if incident is not None:
                found.append(incident)
        self._apply_unconfirmed_sentences(found, trigger_sentences)
        self._apply_denials(found, trigger_sentences)
        merged = _merge(found)
        return [self._record(item) for item in merged]

    def _trigger_types(self, token: Token) -> list[tuple[str, bool]]:
        """(event type, told as a negated will/would) for each type the token triggers."""
        kind = _kind(token)
        if kind is None:
            return []
        types: list[tuple[str, bool]] = []
        for type_id, trigger in self.data.by_word.get((kind, stem(token.text)), []):
            if self._matches(token, trigger) and type_id not in [t for t, _ in types]:
                types.append((type_id, trigger.negated))
        return types

    def _matches(self, token: Token, trigger: Trigger) -> bool:
        if trigger.negated != _refused_by_negation(token):
            return False
        if trigger.needs and not (self._complements(token) & trigger.needs):
            return False
        if trigger.under:
            return any(stem(t.text) in trigger.under for t in _governors(token))
        return True

    def _complements(self, token: Token) -> set[str]:
        """Stems of the words completing a trigger: its complements, their complements one level down,
        prepositional objects; for a noun also the verb it is the object of ("staged a mutiny")."""
        words: set[str] = set()
        for child in token.children:
            if child.dep_ in _COMPLEMENT_DEPS or (child.dep_ in ("acl", "relcl") and token.pos_ == "NOUN"):
                words.add(stem(child.text))
                for grandchild in child.children:
                    if grandchild.dep_ in _COMPLEMENT_DEPS or grandchild.dep_ in ("prep", "pobj"):
                        words.add(stem(grandchild.text))
                        words.update(stem(g.text) for g in grandchild.children if g.dep_ == "pobj")
            elif child.dep_ == "prep":
                words.update(stem(g.text) for g in child.children if g.dep_ == "pobj")
        if token.dep_ in ("amod", "compound"):
            words.add(stem(token.head.text))  # "downed tools", a misparsed "into signing contracts"
        if _kind(token) == "noun" and token.dep_ in ("dobj", "nsubjpass", "pobj"):
            words.add(stem(token.head.text))
            if token.head.dep_ == "prep":
                words.add(stem(token.head.head.text))
        return words

    # -- one incident ---------------------------------------------------------------------------------

    def _incident(
        self, trigger: Token, type_id: str, negated_form: bool, trigger_sentences: set[int]
    ) -> _Found | None:
        clause = _clause_head(trigger)
        status = self._polarity(trigger, clause, negated_form)
        if status in ("negated", "hypothetical"):
            return None
        sentence_index = self._sentence_of(trigger)
        sentence = self.sentences[sentence_index]
        attribution, attribution_tokens = self._attribution(trigger, sentence)
        actor = self._actor(trigger, type_id)
        if actor.role is not None and actor.role.text.lower() in ("we", "i") and not actor.resolved:
            # '"We refuse to fight," the men of the 4th Brigade said': the speakers
            speaker = self._speaker(trigger, sentence)
            if speaker is not None:
                actor = self._actor_from(speaker)
        if actor.anchor is not None and _denied_by_determiner(self.doc[actor.anchor]):
            return None  # "no unit has deserted", "none of the men refused"
        # Not part of the incident's clause: examples ("including a group of riot police from
        # Khakassia who were dismissed in March"), and clauses about something else ("... refused to
        # fight and Moscow is losing ground").
        aside = {
            t.i
            for t in clause.subtree
            if t.dep_ == "prep" and t.lower_ in ("including", "like")
            for t in t.subtree
        } | self._other_clauses(trigger, sentence)
        scope = [
            t
            for t in clause.subtree
            if t.i not in attribution_tokens and t.i not in actor.tokens and t.i not in aside
        ]
        rest = [
            t
            for t in sentence
            if t.i not in attribution_tokens
            and t.i not in actor.extent
            and t.i not in aside
            and not _dateline(t)
        ]
        evidence = [self._sentence_span(sentence_index)]
        size = actor.size or self._mention_in(scope, "quantity", people=True)
        time = self._mention_in(scope, "date") or self._fronted_time(sentence)
        # Where it happened, most telling first: a town or region in the trigger's clause; one in the
        # actor's phrase ("servicemen from Pskov") or the antecedent's sentence; one elsewhere in the
        # sentence (not in the attribution); only then a country ("refused to fight in Ukraine").
        local = [m for m in self._mentions_in(scope, "place") if m.place_precision != "country"]
        actor_place = (
            actor.place if actor.place is not None and actor.place.place_precision != "country" else None
        )
        elsewhere = [m for m in self._mentions_in(rest, "place") if m.place_precision != "country"]
        countries = [m for m in self._mentions_in(scope, "place") if m.place_precision == "country"]
        setting: list[Mention] = []
        if (
            actor.resolved
            and actor.sentence != sentence_index
            and not actor.teller
            and not self._repeated(trigger, clause)
        ):
            setting = [
                m
                for m in self._mentions_in(self.sentences[actor.sentence], "place")
                if m.place_precision != "country"
            ]
        place = _first(local, [actor_place] if actor_place else setting or elsewhere, countries)
        if actor.resolved and actor.sentence != sentence_index:
            # "They were met ... who tried to force them": the setting is the antecedent's sentence's.
            time = time or actor.time
        if size is None:
            size = self._size_after(sentence_index, trigger_sentences)
        for role in (size, place, time):
            if role is not None and role.sentence != sentence_index:
                evidence.append(self._sentence_span(role.sentence))
        text = sentence.text.lower()
        hedged = bool(self.data.hedges.search(text))
        if status in ("asserted", "reported") and self._denied_alongside(sentence):
            status = "denied"
        if status == "asserted":
            if self.data.unconfirmed.search(text) or self._next_sentence_unconfirms(
                sentence_index, trigger_sentences
            ):
                status = "unconfirmed"
            elif attribution or hedged:
                status = "reported"
        if status == "unconfirmed":
            hedged = True
        specific = self._specific(trigger, actor, size, local[0] if local else None, time)
        if not specific:
            # a generic statement keeps only what its own clause says ("refusing to fight in Ukraine")
            place = _first(local, countries)
        causes = self._lexicon_hits(self.data.causes, self._cause_sentences(sentence_index))
        outcome_sentences = self._outcome_sentences(sentence_index, trigger_sentences)
        outcomes = self._lexicon_hits(self.data.outcomes, outcome_sentences)
        repeated = self._repeated(trigger, clause)
        return _Found(
            type_id, trigger, actor, size, place, time, status, hedged, specific, attribution,
            causes, outcomes, _dedupe(evidence), repeated,
        )  # fmt: skip

    def _denied_alongside(self, sentence: Span) -> bool:
        """A denial of "it/this/the claim" in the same sentence ("Ukraine says 300 soldiers surrendered,
        but Moscow denies it")."""
        for token in sentence:
            if token.pos_ == "VERB" and stem(token.text) in self.data.denial_verbs:
                objects = [c for c in token.children if c.dep_ == "dobj"]
                if objects and (
                    objects[0].lower_ in ("it", "this", "that")
                    or stem(objects[0].text) in ("claim", "report")
                ):
                    return True
        return False

    def _other_clauses(self, trigger: Token, sentence: Span) -> set[int]:
        """Tokens of clauses with a subject of their own that neither govern nor contain the trigger
        ("... has again refused to fight and Moscow is losing ground")."""
        ancestors = {t.i for t in trigger.ancestors}
        other: set[int] = set()
        for verb in sentence:
            if verb.i in ancestors or verb.i == trigger.i or verb.pos_ not in ("VERB", "AUX"):
                continue
            if any(c.dep_ in _SUBJECT_DEPS for c in verb.children) and not (
                verb.left_edge.i <= trigger.i <= verb.right_edge.i
            ):
                other.update(t.i for t in verb.subtree)
        return other

    def _repeated(self, trigger: Token, clause: Token) -> bool:
        """Whether "again", "first", "also" make this telling one occurrence among several (but "will not
        attack again" is a refusal to do it any more)."""
        if _refused_by_negation(trigger):
            return False
        return any(
            child.dep_ in ("advmod", "npadvmod", "amod") and child.lower_ in self.data.repetition_markers
            for t in (trigger, clause)
            for child in t.children
        )

    def _polarity(self, trigger: Token, clause: Token, negated_form: bool) -> str:
        """negated / hypothetical / denied / unconfirmed / asserted, from the trigger and what governs it.
        A refusal told as "will not fight" carries its own negation and modal: only "if" counts there."""
        for token in (trigger, clause):
            for child in token.children:
                if negated_form and child.dep_ != "mark":
                    continue
                if child.dep_ == "neg":
                    return "negated"
                if child.dep_ == "aux" and child.lower_ in self.data.hypothetical_aux:
                    return "hypothetical"
                if child.dep_ == "mark" and child.lower_ in self.data.hypothetical_marks:
                    return "hypothetical"
        link = trigger
        while link.dep_ == "xcomp":
            # "threatened to desert", "called on them to give up"
            if stem(link.head.text) in self.data.hypothetical_verbs:
                return "hypothetical"
            link = link.head
        for governor in _governors(clause, include_nouns=True):
            word = stem(governor.text)
            negated = any(
                c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in governor.children
            )
            if word in self.data.denial_verbs:
                return "asserted" if negated else "denied"
            if governor.pos_ == "NOUN" and any(
                c.dep_ in ("acomp", "attr") and c.lower_ in self.data.false_words
                for c in governor.head.children
            ):
                return "denied"  # "Reports that a Chechen unit had mutinied were false"
            if negated:
                if word in ("confirm", "verify"):
                    return "unconfirmed"
                if word in self.data.reporting_verbs:
                    continue  # "did not say" is rare; "not only said" is not a negation of the incident
                return "negated"
            if governor.dep_ == "relcl" or governor.dep_ == "ROOT":
                break
        return "asserted"

    def _actor(self, trigger: Token, type_id: str) -> _Actor:
        found = self._actor_token(trigger, type_id) or self._subject_before(trigger)
        if found is None:
            return _Actor(None, range(0), self._sentence_of(trigger))
        return self._actor_from(*found)

    def _subject_before(self, trigger: Token) -> tuple[Token, None] | None:
        """When the parse gives the trigger no subject ("He said Russian soldiers short of weapons were
        refusing", misparsed): the nearest subject before it that can act, back to a reporting verb."""
        start = self.sentences[self._sentence_of(trigger)].start
        # "as at least one more regiment has again refused" (the noun misparsed as an object): the
        # noun right before the verb group
        before = trigger.i - 1
        while before >= start and self.doc[before].dep_ in ("aux", "auxpass", "advmod", "neg"):
            before -= 1
        if (
            before >= start
            and self.doc[before].pos_ in ("NOUN", "PROPN")
            and self._could_act(self.doc[before])
        ):
            return self.doc[before], None
        for index in range(trigger.i - 1, start - 1, -1):
            token = self.doc[index]
            if token.pos_ == "VERB" and stem(token.text) in self.data.reporting_verbs:
                return None
            if token.dep_ in _SUBJECT_DEPS and self._could_act(token):
                return token, None
        return None

    def _actor_token(self, trigger: Token, type_id: str) -> tuple[Token, Token | None] | None:
        """The head of who acts (and, when the parse hides it, the actor noun inside it), climbing from
        the trigger to the verb that carries the subject. A subject that cannot be an actor ("the
        invasion" in a misparsed "when the invasion began but would not cross") is passed over."""
        current = trigger
        for _ in range(6):
            children = list(current.children)
            agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents and type_id != "coerced_enlistment":
                return agents[0], None
            if current is not trigger and type_id == "coerced_enlistment":
                objects = [c for c in children if c.dep_ in ("dobj", "dative")]
                if objects:
                    return objects[0], None
            for subject in (c for c in children if c.dep_ in _SUBJECT_DEPS):
                if subject.lower_ in ("who", "that", "which") and current.dep_ == "relcl":
                    return current.head, None  # "soldiers who refused": the noun the clause describes
                if self._could_act(subject):
                    return subject, None
                # "Russian soldiers short of weapons were refusing": the parse heads the subject oddly
                inside = [t for t in subject.subtree if t.pos_ in ("NOUN", "PROPN") and self._could_act(t)]
                if inside:
                    return subject, inside[0]
            if (
                current is trigger
                and trigger.tag_ == "VBG"
                and not any(c.dep_ in _SUBJECT_DEPS for c in children)
            ):
                # "examples of security personnel refusing to fight": the participle's noun, when the
                # parse hangs the participle elsewhere
                before = trigger.i - 1
                while before >= 0 and self.doc[before].is_punct:
                    before -= 1
                if (
                    before >= 0
                    and self.doc[before].pos_ in ("NOUN", "PROPN")
                    and self._could_act(self.doc[before])
                ):
                    return self.doc[before], None
            if not any(c.dep_ in _SUBJECT_DEPS for c in children):
                # "UP to 70 of Vladimir Putin's paratroopers have refused": the parse made the subject
                # an adverbial; the actor noun sits inside a left-hand child.
                for child in children:
                    if child.i < current.i and child.dep_ in ("advmod", "npadvmod", "prep", "dep", "nmod"):
                        nouns = [
                            t for t in child.subtree if t.pos_ in ("NOUN", "PROPN") and self._could_act(t)
                        ]
                        if nouns:
                            return child, nouns[0]
            possessors = [c for c in children if c.dep_ == "poss"]
            if possessors and current is trigger:
                return possessors[0], None
            if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                return current.head, None
            if current.dep_ == "appos" and self._could_act(current.head):
                return current.head, None  # "The regiment, ..., first downed tools in July"
            if current.dep_ in ("amod", "compound"):
                current = current.head  # "downed tools": the participle hangs from its object
                continue
            if current.dep_ == "xcomp" and type_id != "coerced_enlistment":
                # "The offensive forced the Russian units to run or give themselves up": the object does it
                controllers = [
                    c for c in current.head.children if c.dep_ in ("dobj", "dative") and c.i < current.i
                ]
                if controllers and self._could_act(controllers[0]):
                    return controllers[0], None
            if current.dep_ in ("advcl", "ccomp", "xcomp") and current.tag_ == "VBG":
                # "We've seen Russian soldiers ... refusing": the one seen doing it, not the one seeing
                seen = [c for c in current.head.children if c.dep_ == "dobj" and c.i < current.i]
                if seen and self._could_act(seen[0]):
                    return seen[0], None
            if current.dep_ in ("xcomp", "conj", "pcomp", "acomp", "dobj", "nsubjpass", "prep", "advcl") or (
                current.dep_ == "pobj" and current.head.dep_ == "prep"
            ):
                current = current.head
                continue
            return None
        return None

    def _could_act(self, token: Token) -> bool:
        # "we" acts (a quotation's speaker, resolved in _incident) but never stands for anyone else
        return token.lower_ == "we" or self._anaphor(token) is not None or self._plausible_actor(token)

    def _actor_from(self, head: Token, noun: Token | None = None, depth: int = 0) -> _Actor:
        """The actor phrase headed by `head` (its noun `noun` when the parse hides it); pronouns and
        definite descriptions resolved."""
        noun = noun or head
        # "More than 20 of them", "About 150 of an initial group of 500 men": the count's noun.
        if noun is head and (head.like_num or head.pos_ == "NUM" or head.lower_ in _COUNT_WORDS):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "out"):
                    objects = [g for g in prep.subtree if g.dep_ == "pobj"]
                    if objects:
                        noun = objects[0]
                        break
        sentence = self._sentence_of(head)
        segment = self.sentences[sentence]
        phrase = _phrase(head)
        tokens = range(max(phrase.start, segment.start), min(phrase.stop, segment.end))
        extent = range(head.left_edge.i, head.right_edge.i + 1)
        # the count heading the phrase ("Around 150 out of the group of 500"), else a head count in it
        size = (
            self._mention_in(range(head.left_edge.i, head.i + 1), "quantity") if head.pos_ == "NUM" else None
        )
        size = size or self._mention_in(extent, "quantity", people=True)
        # "20 of them" points back; "150 out of the original group" names its group itself
        anaphor = self._anaphor(noun) if noun is head or noun.pos_ == "PRON" else None
        if anaphor and depth < 3:
            antecedent = self._antecedent(noun, anaphor, depth + 1)
            if antecedent is not None:
                antecedent.resolved = True
                antecedent.tokens = tokens
                antecedent.extent = extent
                antecedent.size = size or antecedent.size
                antecedent.definite = True
                return antecedent
        span = self.doc[tokens.start : tokens.stop] if tokens else self.doc[head.i : head.i + 1]
        canonical = self._canonical(range(head.left_edge.i, head.right_edge.i + 1))
        definite = any(
            c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "any", "many")
            for c in noun.children
        ) or (noun is not head)
        place = _first(self._mentions_in((self.doc[i] for i in tokens), "place"))
        # The setting an antecedent brings: its sentence's time, unless the phrase only tells the story
        # ("A group of soldiers said in a video published on Tuesday that they had refused").
        teller = head.dep_ in _SUBJECT_DEPS and stem(head.head.text) in self.data.reporting_verbs
        time = None if teller else self._time_in_sentence(sentence, outside=tokens)
        return _Actor(
            Role(span.text.strip(), canonical),
            tokens,
            sentence,
            False,
            size,
            place,
            time,
            definite,
            extent,
            teller,
            noun.i,
        )

    def _anaphor(self, noun: Token) -> str | None:
        left = noun.left_edge.i
        phrase = self.doc[left : noun.i + 1].text.lower()
        for anaphor in self.data.anaphors:
            if phrase == anaphor or (phrase.endswith(" " + anaphor) and anaphor in ("they", "them", "their")):
                return anaphor
        # "we" is not here: in a quotation it is the speaker (see _speaker)
        if noun.pos_ == "PRON" and noun.lower_ in _PRONOUNS:
            return noun.lower_
        # "The officers", "the men": a definite actor noun with no name of its own points back.
        determiners = [c.lower_ for c in noun.children if c.dep_ == "det"]
        if (
            determiners
            and determiners[0] in ("the", "these", "those")
            and stem(noun.text) in self.data.actor_nouns
            and self._canonical(range(noun.left_edge.i, noun.i + 1)) is None
        ):
            return f"{determiners[0]} {noun.lower_}"
        return None

    def _antecedent(self, noun: Token, anaphor: str, depth: int) -> _Actor | None:
        """The nearest earlier actor-like phrase: a unit or group mention, or a subject whose head is an
        actor noun; a "unit"/"regiment" anaphor wants a unit mention. Up to three sentences back."""
        wants_unit = any(word in anaphor for word in ("unit", "regiment", "brigade", "battalion"))
        sentence = self._sentence_of(noun)
        first = self.sentences[max(0, sentence - 3)].start
        if (noun.dep_ == "relcl" or anaphor == "who") and noun.head.dep_ == "relcl":
            return self._actor_from(noun.head.head, depth=depth)
        best: Token | None = None
        best_rank: tuple[int, bool, int, int] = (-1, False, 0, -1)
        # A description ("the men") points to an earlier sentence; a pronoun may point inside its own,
        # but never to the subject of its own verb ("fighters met the men and told them").
        last = noun.left_edge.i
        own_subjects = self._own_subjects(noun)
        for token in self.doc[first:last]:
            if token.i in own_subjects or token.left_edge.i <= noun.i <= token.right_edge.i:
                continue  # its own verb's subject, or the phrase it sits in ("one of them")
            if wants_unit:
                if self._unit_at(token.i) is not None and (best is None or not _inside(best, token)):
                    best = _top_noun(token)
                continue
            if token.dep_ in (*_SUBJECT_DEPS, "dobj", "pobj") and (
                self._plausible_actor(token) or (token.pos_ != "PRON" and self._anaphor(token))
            ):
                # the nearest sentence wins; inside it, a subject over an object, the main clause's over a
                # subordinate one's ("A group ... said that they refused after their battalion lost"),
                # then the later one
                embedding = sum(1 for _ in token.ancestors)
                rank = (self._sentence_of(token), token.dep_ in _SUBJECT_DEPS, -embedding, token.i)
                if best is None or rank > best_rank:
                    best, best_rank = token, rank
        if best is None or best.i == noun.i:
            return None
        if (
            best.dep_ == "pobj"
            and best.head.lower_ == "of"
            and best.head.head.pos_ in ("NOUN", "PROPN", "NUM")
        ):
            best = best.head.head  # "a unit of pro-Russian militias": the unit
        actor = self._actor_from(best, depth=depth)
        return actor if actor.role is not None else None

    def _own_subjects(self, noun: Token) -> set[int]:
        """Who acts on a pronoun, and so is not what it stands for: the subjects up its verb chain
        ("representatives who tried to force them", "fighters met the men and told them")."""
        subjects: set[int] = set()
        verb = noun.head
        for _ in range(4):
            subjects.update(c.i for c in verb.children if c.dep_ in _SUBJECT_DEPS)
            if verb.dep_ == "relcl":
                subjects.add(verb.head.i)
                break
            if verb.dep_ not in ("xcomp", "conj", "ccomp") or verb.head.i == verb.i:
                break
            verb = verb.head
        return subjects

    def _plausible_actor(self, token: Token) -> bool:
        if self._anaphor(token):
            return False
        if stem(token.text) in self.data.actor_nouns or token.lower_ in self.data.actor_nouns:
            return True
        if token.like_num or token.pos_ == "NUM":
            # "About 150 of an initial group of 500 men": a count of actors
            return any(
                stem(t.text) in self.data.actor_nouns or t.lower_ in ("them", "us")
                for t in token.subtree
                if t.dep_ == "pobj"
            )
        return self._canonical(range(token.left_edge.i, token.right_edge.i + 1)) is not None

    def _unit_at(self, index: int) -> Mention | None:
        token = self.doc[index]
        for mention in self.mentions:
            if mention.kind in _ACTOR_KINDS and mention.start <= token.idx < mention.end:
                return mention
        return None

    def _canonical(self, tokens: range) -> str | None:
        if not tokens:
            return None
        start, end = (
            self.doc[tokens.start].idx,
            self.doc[tokens.stop - 1].idx + len(self.doc[tokens.stop - 1]),
        )
        inside = [m for m in self.mentions if m.kind in _ACTOR_KINDS and start <= m.start and m.end <= end]
        units = [m for m in inside if m.kind == "unit"]
        chosen = units or inside
        return chosen[0].canonical if chosen else None

    def _attribution(self, trigger: Token, sentence: Span) -> tuple[list[Role], set[int]]:
        """Who says so: "according to X", the subject of a reporting verb governing the trigger or hanging
        from its clause ("…, X said"), or the teller of a quotation opened in an earlier sentence."""
        roles: list[Role] = []
        tokens: set[int] = set()
        ancestors = {t.i for t in trigger.ancestors} | {trigger.i}
        for token in sentence:
            if token.lower_ == "according":
                for prep in token.children:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            roles.append(self._source(pobj))
                tokens.update(t.i for t in token.subtree)
                continue
            if not (token.pos_ in ("VERB", "AUX") and stem(token.text) in self.data.reporting_verbs):
                continue
            if token.i == trigger.i:
                continue
            governs = token.i in ancestors and token.i != _clause_head(trigger).i
            hangs = (
                token.i not in ancestors
                and token.head.i in ancestors
                and token.dep_ in ("parataxis", "advcl", "ccomp", "conj")
            )
            if not (governs or hangs):
                continue
            for child in token.children:
                if child.dep_ not in ("nsubj", "nsubjpass") or child.i in ancestors:
                    continue
                if child.pos_ != "PRON":
                    roles.append(self._source(child))
                elif child.lower_ in ("he", "she") and (named := self._last_person(child)) is not None:
                    roles.append(named)
            if hangs:
                tokens.update(t.i for t in token.subtree)
            else:
                # the reporting verb and all it governs but the path down to the trigger
                tokens.update(t.i for c in token.children if c.i not in ancestors for t in c.subtree)
                tokens.add(token.i)
        if not roles:
            roles = self._quoted_teller(sentence)
        unique: list[Role] = []
        for role in roles:
            if role not in unique:
                unique.append(role)
        return unique, tokens

    def _speaker(self, trigger: Token, sentence: Span) -> Token | None:
        """The subject of the reporting verb a quotation hangs from, when it can act."""
        ancestors = {t.i for t in trigger.ancestors}
        for token in sentence:
            if (
                token.pos_ == "VERB"
                and stem(token.text) in self.data.reporting_verbs
                and (token.i in ancestors or token.head.i in ancestors or token.head.i == trigger.i)
            ):
                for child in token.children:
                    if child.dep_ == "nsubj" and child.pos_ != "PRON" and self._could_act(child):
                        return child
        return None

    def _last_person(self, pronoun: Token) -> Role | None:
        """For "he said": the person or agency named last before the pronoun."""
        named = [m for m in self.mentions if m.kind in ("person", "agency", "org") and m.end <= pronoun.idx]
        return Role(named[-1].text, named[-1].canonical) if named else None

    def _source(self, token: Token) -> Role:
        segment = self.sentences[self._sentence_of(token)]
        tokens = range(max(token.left_edge.i, segment.start), min(token.right_edge.i + 1, segment.end))
        start = self.doc[tokens.start].idx
        end = self.doc[tokens.stop - 1].idx + len(self.doc[tokens.stop - 1])
        named = [m for m in self.mentions if m.kind in _SOURCE_KINDS and start <= m.start and m.end <= end]
        named.sort(key=lambda m: m.kind == "place")  # "Ukraine claimed" is a place; a named body comes first
        text = self.body[start:end].strip(" ,")
        return Role(text, named[0].canonical if named else None)

    def _quoted_teller(self, sentence: Span) -> list[Role]:
        """A sentence inside a quotation or a list opened by "X reported:" / "X listed ...:" in an
        earlier sentence of the article."""
        index = self.sentence_starts.index(sentence.start)
        listed = sentence.text.lstrip().startswith(_LIST_MARKS)
        for back in range(index, max(-1, index - 4), -1):
            earlier = self.sentences[back]
            text = earlier.text
            colon = text.find(":")
            if colon < 0 or not (listed or any(q in text[colon:] or q in sentence.text for q in _QUOTES)):
                continue
            for token in earlier:
                if token.idx - earlier.start_char > colon:
                    break
                if token.pos_ == "VERB" and stem(token.text) in self.data.reporting_verbs:
                    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subjects:
                        return [self._source(subjects[0])]
        return []

    def _specific(
        self, trigger: Token, actor: _Actor, size: Mention | None, place: Mention | None, time: Mention | None
    ) -> bool:
        clause = _clause_head(trigger)
        content_clause = any(
            c.dep_ == "mark" and c.lower_ == "that" for t in (trigger, clause) for c in t.children
        )
        for depth, ancestor in enumerate(trigger.ancestors):
            # "not the first time units have refused", "reports of soldiers refusing to fight"; but
            # "reports that a unit had mutinied" tells one incident
            if content_clause:
                break
            if depth < 4 and ancestor.pos_ == "NOUN" and stem(ancestor.text) in self.data.generic_heads:
                return False
        if actor.role is not None and actor.role.canonical is not None:
            return True
        if size is not None or time is not None or actor.definite or actor.place is not None:
            return True
        return place is not None and place.place_precision in ("town", "near")

    def _next_sentence_unconfirms(self, index: int, trigger_sentences: set[int]) -> bool:
        following = index + 1
        if following >= len(self.sentences) or following in trigger_sentences:
            return False
        return bool(self.data.unconfirmed.search(self.sentences[following].text))

    def _apply_unconfirmed_sentences(self, found: list[_Found], trigger_sentences: set[int]) -> None:
        """A later sentence doubting an incident by its size or actor ("Ukraine claimed that the 60 or
        so troops were paratroopers but this is not so far confirmed") makes it unconfirmed."""
        for index, sentence in enumerate(self.sentences):
            # "None of the claims could be independently verified": every incident just told
            every = any(token.lower_ in ("none", "neither") for token in sentence)
            doubting = self.data.unconfirmed.search(sentence.text) or (
                every and _VERIFIED.search(sentence.text)
            )
            if index in trigger_sentences or not doubting:
                continue
            span = (sentence.start_char, sentence.end_char)
            numbers = {
                m.quantity_min or m.quantity_max
                for m in self.mentions
                if m.kind == "quantity" and span[0] <= m.start < span[1]
            }
            actors = {
                m.canonical for m in self.mentions if m.kind in _ACTOR_KINDS and span[0] <= m.start < span[1]
            }
            before = [item for item in found if 0 < index - self._sentence_of(item.trigger) <= _DOUBT_WINDOW]
            doubted = before if every else before[-1:]
            for item in found:
                size = item.size.quantity_min or item.size.quantity_max if item.size else None
                canonical = item.actor.role.canonical if item.actor.role else None
                # it names the incident by its size or actor, or follows it closely with nothing between
                if (
                    (size is not None and size in numbers)
                    or (canonical is not None and canonical in actors)
                    or any(item is other for other in doubted)
                ):
                    item.status = "unconfirmed" if item.status != "denied" else item.status
                    item.hedged = True
                    item.evidence = _dedupe([*item.evidence, self._sentence_span(index)])
                    for token in sentence:
                        if token.pos_ == "VERB" and stem(token.text) in self.data.reporting_verbs:
                            for child in token.children:
                                if (
                                    child.dep_ == "nsubj"
                                    and (role := self._source(child)) not in item.attribution
                                ):
                                    item.attribution.append(role)

    def _apply_denials(self, found: list[_Found], trigger_sentences: set[int]) -> None:
        """A later sentence denying the event by its noun ("the press office said there had been no
        mutiny", "denied that any refusal took place") makes the latest incident of that type denied."""
        nouns = {
            trigger.word: type_id
            for type_id, event_type in self.data.types.items()
            for trigger in event_type.triggers
            if trigger.kind == "noun"
        }
        for index, sentence in enumerate(self.sentences):
            if index in trigger_sentences:
                continue
            for token in sentence:
                type_id = nouns.get(stem(token.text)) if _kind(token) == "noun" else None
                if type_id is None:
                    continue
                denied = any(c.dep_ == "det" and c.lower_ == "no" for c in token.children) or any(
                    stem(t.text) in self.data.denial_verbs for t in _governors(token, include_nouns=True)
                )
                earlier = [
                    item
                    for item in found
                    if item.type == type_id and 0 < index - self._sentence_of(item.trigger) <= 4
                ]
                if denied and earlier:
                    earlier[-1].status = "denied"
                    earlier[-1].evidence = _dedupe([*earlier[-1].evidence, self._sentence_span(index)])

    # -- roles from the lexicons --------------------------------------------------------------------

    def _cause_sentences(self, index: int) -> list[Span]:
        """The trigger's sentence and a following one that goes on about the same people ("The men said
        they had not been paid")."""
        chosen = [self.sentences[index]]
        if index + 1 < len(self.sentences) and self._continues(self.sentences[index + 1]):
            chosen.append(self.sentences[index + 1])
        return chosen

    def _outcome_sentences(self, index: int, trigger_sentences: set[int]) -> list[Span]:
        chosen = [self.sentences[index]]
        for following in range(index + 1, min(len(self.sentences), index + 1 + _ROLE_WINDOW)):
            if following in trigger_sentences:
                break
            chosen.append(self.sentences[following])
        return chosen

    def _continues(self, sentence: Span) -> bool:
        for token in sentence:
            if token.dep_ in _SUBJECT_DEPS:
                return self._anaphor(token) is not None
        return False

    @staticmethod
    def _lexicon_hits(lexicon: dict[str, re.Pattern[str]], sentences: Iterable[Span]) -> list[str]:
        text = " ".join(sentence.text for sentence in sentences)
        return [key for key, pattern in lexicon.items() if pattern.search(text)]

    # -- mentions, sentences, spans -----------------------------------------------------------------

    def _mentions_in(self, tokens: Iterable[Token], kind: str) -> list[Mention]:
        """The mentions of a kind that start at one of the tokens. A possessive place ("amid Moscow's
        mounting losses", "Russia's 127th Regiment") owns something; it does not say where."""
        starts = {token.idx: token for token in tokens}
        found = []
        for mention in self.mentions:
            if mention.kind != kind or mention.start not in starts:
                continue
            last = self._token_at(mention.end - 1)
            if kind == "place" and last is not None and any(c.dep_ == "case" for c in last.children):
                continue
            if kind == "place" and _dateline(starts[mention.start]):
                continue
            found.append(mention)
        return found

    def _token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _size_after(self, index: int, trigger_sentences: set[int]) -> Mention | None:
        """A head count in the next sentence when it tells no incident of its own ("47 men came out of a
        tree line", "The dozen or so men, who say ...")."""
        following = index + 1
        if following >= len(self.sentences) or following in trigger_sentences:
            return None
        span = self.sentences[following]
        for mention in self.mentions:
            if not (span.start_char <= mention.start < span.end_char) or mention.kind != "quantity":
                continue
            thing = (mention.thing or "").split()
            if mention.unit == "people" and thing and stem(thing[-1]) in self.data.actor_nouns:
                return mention
        return None

    def _mention_in(self, tokens: Iterable[Token] | range, kind: str, people: bool = False) -> Mention | None:
        """The first mention of a kind starting within one of the tokens (with `people`, a head count)."""
        spans = [
            (token.idx, token.idx + len(token))
            for token in (self.doc[t] if isinstance(t, int) else t for t in tokens)
        ]
        for mention in self.mentions:
            if mention.kind != kind or (people and mention.unit != "people"):
                continue
            if any(start <= mention.start < end for start, end in spans):
                return mention
        return None

    def _fronted_time(self, sentence: Span) -> Mention | None:
        """A time opening the sentence ("On April 6, the relatives said, ... fighters told them to sign"):
        it sets the scene for what follows, whatever the parse hangs it from."""
        first = next((t for t in sentence if not t.is_space and not t.is_punct), None)
        if first is None:
            return None
        for mention in self.mentions:
            if mention.kind == "date" and mention.start <= first.idx < mention.end:
                return mention
        return None

    def _time_in_sentence(self, sentence: int, outside: range) -> Mention | None:
        """The first time expression of a sentence outside a phrase: the setting an antecedent brings."""
        span = self.sentences[sentence]
        skip = (self.doc[outside.start].idx, self.doc[outside.stop - 1].idx) if outside else (-1, -1)
        for mention in self.mentions:
            if (
                mention.kind == "date"
                and span.start_char <= mention.start < span.end_char
                and not skip[0] <= mention.start <= skip[1]
                and not self._in_dateline(mention)
            ):
                return mention
        return None

    def _in_dateline(self, mention: Mention) -> bool:
        """A wire dateline's date ("VILNIUS, April 10 (Baltic Wire) - ..."): the filing date."""
        paragraph = self.paragraph_starts[bisect_right(self.paragraph_starts, mention.start) - 1]
        before = self.body[paragraph : mention.start]
        return bool(_DATELINE.match(before)) and " - " not in before and "—" not in before

    def _sentence_of(self, token: Token) -> int:
        return max(0, bisect_right(self.sentence_starts, token.i) - 1)

    def _sentence_span(self, index: int) -> tuple[int, int]:
        """The sentence's characters, clipped to its paragraph and stripped of surrounding spaces."""
        sentence = self.sentences[index]
        start, end = sentence.start_char, sentence.end_char
        paragraph = bisect_right(self.paragraph_starts, start) - 1
        next_paragraph = (
            self.paragraph_starts[paragraph + 1] - 1
            if paragraph + 1 < len(self.paragraph_starts)
            else len(self.body)
        )
        end = min(end, next_paragraph)
        while start < end and self.body[start].isspace():
            start += 1
        while end > start and self.body[end - 1].isspace():
            end -= 1
        return start, end

    def _record(self, item: _Found) -> Incident:
        evidence = tuple(Evidence(start, end, self.body[start:end]) for start, end in item.evidence)
        key = f"{self.article.id}:{evidence[0].start}:{item.type}"
        time_start: date | None = item.time.time_start if item.time else None
        time_end: date | None = item.time.time_end if item.time else None
        return Incident(
            id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
            article_id=self.article.id,
            type=item.type,
            actor=item.actor.role,
            size_min=item.size.quantity_min if item.size else None,
            size_max=item.size.quantity_max if item.size else None,
            size_text=item.size.text if item.size else None,
            place=item.place,
            time_start=time_start,
            time_end=time_end,
            time_text=item.time.text if item.time else None,
            causes=tuple(item.causes),
            outcomes=tuple(item.outcomes),
            attribution=tuple(item.attribution),
            status=item.status,
            hedged=item.hedged,
            specific=item.specific,
            evidence=evidence,
        )


# -- parse helpers --------------------------------------------------------------------------------------


def _kind(token: Token) -> str | None:
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return "verb"
    if token.pos_ == "ADJ":
        return "adjective"
    if token.pos_ in ("NOUN", "PROPN"):
        return "noun"
    return None


def _first(*choices: Sequence[Mention]) -> Mention | None:
    """The first mention of the first non-empty list."""
    return next((choice[0] for choice in choices if choice), None)


def _denied_by_determiner(noun: Token) -> bool:
    head = noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or (
        head is not None and head.head.lower_ == "none"
    )


def _dateline(token: Token) -> bool:
    """A wire dateline's place ("VILNIUS, April 10 (Baltic Wire) -"): where the story was filed."""
    return (
        token.is_upper
        and len(token.text) > 2
        and (token.i == 0 or "\n" in token.doc[token.i - 1].text_with_ws)
    )


def _segments(doc: Doc) -> list[Span]:
    """The doc's sentences, split at paragraph breaks: the parser sometimes runs a headline or a
    section label into the next paragraph's first sentence."""
    segments = []
    for sentence in doc.sents:
        start = sentence.start
        for token in sentence:
            if "\n" in token.text or "\n" in token.whitespace_:
                end = token.i if "\n" in token.text else token.i + 1
                if end > start:
                    segments.append(doc[start:end])
                start = token.i + 1
        if start < sentence.end:
            segments.append(doc[start : sentence.end])
    return [segment for segment in segments if segment.text.strip()] or list(doc.sents)


def _refused_by_negation(token: Token) -> bool:
    """A refusal told by negating a future or volitional verb: "will not fight", "would not cross",
    "won't go", "will no longer take part"."""
    children = list(token.children)
    negated = any(c.dep_ == "neg" for c in children) or any(
        c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) for c in children
    )
    modal = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "'ll", "shall") for c in children)
    return negated and modal


def _governors(token: Token, include_nouns: bool = False) -> list[Token]:
    """The words governing a trigger up its complement chain: "forced them to sign" → forced;
    "pressured into signing" → into, pressured; "no sign that units had deserted" → sign (nouns too)."""
    chain = []
    current = token
    for _ in range(4):
        if current.dep_ not in _GOVERNING_DEPS and not (include_nouns and current.dep_ in ("acl", "relcl")):
            break
        if current.dep_ == "relcl" or current.head.i == current.i:
            break
        current = current.head
        if current.pos_ in ("VERB", "AUX", "ADP") or include_nouns:
            chain.append(current)
    return chain


def _clause_head(trigger: Token) -> Token:
    """The verb whose clause tells the incident: a trigger noun's verb ("staged a mutiny"), a trigger
    verb's coercing verb ("forced them to sign"), else the trigger itself."""
    if (
        _kind(trigger) == "noun"
        and trigger.dep_ in ("dobj", "nsubjpass", "nsubj")
        and trigger.head.pos_
        in (
            "VERB",
            "AUX",
        )
    ):
        return trigger.head
    if _kind(trigger) == "adjective" and trigger.dep_ == "acomp":
        return trigger.head
    if trigger.dep_ == "amod":
        return trigger.head  # "first downed tools in July"
    current = trigger
    while current.dep_ in ("xcomp", "pcomp") or (current.dep_ == "pobj" and current.head.dep_ == "prep"):
        head = current.head if current.dep_ != "pobj" else current.head.head
        if current.dep_ == "pcomp":
            head = current.head.head
        if head.pos_ not in ("VERB", "AUX"):
            break
        current = head
    return current


def _phrase(head: Token) -> range:
    """The actor's phrase: the head's subtree without relative clauses, appositions and what follows a
    dash or comma ("The same unit - involving hundreds of soldiers -" → "The same unit")."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    for child in head.children:
        if child.i > head.i and child.dep_ in ("relcl", "appos", "acl", "punct", "cc", "conj"):
            end = min(end, child.left_edge.i)
    while end > start and head.doc[end - 1].is_punct:
        end -= 1
    while start < end and head.doc[start].is_punct:
        start += 1
    return range(start, end)


def _inside(outer: Token, token: Token) -> bool:
    return outer.left_edge.i <= token.i <= outer.right_edge.i


def _top_noun(token: Token) -> Token:
    """The noun a name token belongs to ("127th" → "Regiment" in "127th Regiment")."""
    current = token
    while (
        current.dep_ in ("compound", "amod", "nummod", "poss", "nmod", "case") and current.head.i != current.i
    ):
        current = current.head
    return current


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    for span in spans:
        if span not in seen:
            seen.append(span)
    return seen


def _merge(found: list[_Found]) -> list[_Found]:
    """Mentions of one incident in one article become one. Statuses keep the most cautious.

    - A mention with nothing of its own (no actor, or an unresolved "we"; no size, place or time:
      "denied that there had been any refusal", a quoted "we will not attack") refers back to the
      last incident of its type.
    - Two specific mentions merge when no role conflicts and they share an actor or a place.
    - Two generic mentions merge when their actors read the same."""
    kept: list[_Found] = []
    for item in found:
        if _says_nothing_new(item):
            earlier = [other for other in kept if other.type == item.type]
            if earlier:
                _absorb(earlier[-1], item)
                continue
        for other in kept:
            if _same_incident(other, item):
                _absorb(other, item)
                break
        else:
            kept.append(item)
    return kept


def _says_nothing_new(item: _Found) -> bool:
    role = item.actor.role
    unnamed = role is None or (not item.actor.resolved and role.text.lower() in ("we", "they", "it", "them"))
    return unnamed and item.size is None and item.place is None and item.time is None


def _actor_text(item: _Found) -> str | None:
    return item.actor.role.text.lower() if item.actor.role else None


def _same_incident(a: _Found, b: _Found) -> bool:
    if a.type != b.type or a.repeated or b.repeated:
        return False
    if not a.specific and not b.specific:
        return _actor_text(a) is None or _actor_text(b) is None or _actor_text(a) == _actor_text(b)
    if not (a.specific and b.specific):
        return False
    actor_a = a.actor.role.canonical if a.actor.role else None
    actor_b = b.actor.role.canonical if b.actor.role else None
    if actor_a and actor_b and actor_a != actor_b:
        return False
    if not (_places_agree(a.place, b.place) and _times_agree(a.time, b.time)):
        return False
    if (
        a.size is not None
        and b.size is not None
        and (a.size.quantity_min, a.size.quantity_max) != (b.size.quantity_min, b.size.quantity_max)
    ):
        return False
    if actor_a and actor_a == actor_b:
        return True
    if b.actor.role is not None and b.actor.role == a.actor.role:
        return True  # the same phrase, or a pronoun resolved to it
    if a.actor.anchor is not None and a.actor.anchor == b.actor.anchor:
        return True  # "They ... would not cross the border": resolved to the same noun
    if a.size is not None and b.size is not None:
        return True  # the same head count, nothing in conflict: "60 paratroopers" / "About 60 servicemen"
    return (
        a.place is not None
        and b.place is not None
        and a.place.canonical == b.place.canonical
        and a.place.place_precision != "country"
    )


def _places_agree(a: Mention | None, b: Mention | None) -> bool:
    """The same place, or one inside the other's name ("Belgorod" / "Belgorod region"), or a country."""
    if (
        a is None
        or b is None
        or a.canonical == b.canonical
        or "country" in (a.place_precision, b.place_precision)
    ):
        return True
    first, second = a.text.lower().removeprefix("the "), b.text.lower().removeprefix("the ")
    return first.startswith(second) or second.startswith(first)


def _times_agree(a: Mention | None, b: Mention | None) -> bool:
    if a is None or b is None or None in (a.time_start, a.time_end, b.time_start, b.time_end):
        return True
    return a.time_start <= b.time_end and b.time_start <= a.time_end  # type: ignore[operator]


def _absorb(into: _Found, other: _Found) -> None:
    into.size = into.size or other.size
    if into.place is None or (into.place.place_precision == "country" and other.place is not None):
        into.place = other.place  # a town or region says more than a country
    into.time = into.time or other.time
    if into.actor.role is None or (
        into.actor.role.canonical is None and other.actor.role and other.actor.role.canonical
    ):
        into.actor = other.actor
    into.causes += [c for c in other.causes if c not in into.causes]
    into.outcomes += [o for o in other.outcomes if o not in into.outcomes]
    into.attribution += [r for r in other.attribution if r not in into.attribution]
    if _STATUS_RANK[other.status] > _STATUS_RANK[into.status]:
        into.status = other.status
    into.hedged = into.hedged or other.hedged
    into.evidence = _dedupe(into.evidence + other.evidence)

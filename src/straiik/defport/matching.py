"""The platform's matching index: the registry's organisations, test facilities and financiers and Defport's
needs and ideas, as documents for the matching engine (`straiik.engines.matching`).

Freshness: the index follows the audit trail. Every write on the platform records an `ObjectChange` whose
`related` record is the organisation or submission whose page shows it; before each search the index reads
the changes since the last one it saw and rebuilds just those documents. A new or edited profile is
therefore findable by the next search, without a rebuild and without a background job.

Dense vectors are kept in `EmbeddingCache` (keyed by document and a hash of the embedded text), so the model
embeds each text once, not once per process or restart; `straiik demo` fills the cache.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from straiik.core import taskqueue
from straiik.core.models import ObjectChange
from straiik.defport.models import EmbeddingCache
from straiik.engines import matching as engine
from straiik.registry.models import Organisation, OrganisationKind, TestFacility

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer

log = logging.getLogger(__name__)
ORG_KIND: dict[str, str] = {OrganisationKind.KNOWLEDGE: "knowledge-institution",
                            OrganisationKind.FINANCIAL: "financier"}
SEARCH_KINDS = {
    "need": ("organisation", "knowledge-institution", "test-facility"),
    "idea": ("organisation", "knowledge-institution", "financier", "need"),
    "financing": ("financier", "organisation"),
}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def organisation_documents(organisation: Organisation) -> list[engine.Document]:
    """The organisation's profile (with its capabilities) and each of its test facilities."""
    areas = [a.code for a in organisation.areas.all()]
    capabilities = list(organisation.capabilities.all())
    cpv = sorted({c.code for cap in capabilities for c in cap.cpv_codes.all()})
    text = "\n".join([organisation.description] + [f"{c.title}: {c.description}" for c in capabilities])
    kind = ORG_KIND.get(organisation.kind, "organisation")
    mandate = None
    if kind == "financier":
        record = getattr(organisation, "mandate", None)
        if record is not None:
            mandate = engine.Mandate(stages=tuple(record.stages), trl_min=record.trl_min, trl_max=record.trl_max,
                                     ticket_min_eur=record.ticket_min_eur, ticket_max_eur=record.ticket_max_eur,
                                     areas=tuple(a.code for a in record.areas.all()),
                                     exclusions=tuple(record.exclusions))
    documents = [engine.Document(id=f"org:{organisation.pk}", title=organisation.name, text=text or organisation.name,
                                 kind=kind, areas=tuple(areas), cpv=tuple(cpv), trl=organisation.max_trl,
                                 region=organisation.province or None, mandate=mandate)]
    for facility in organisation.test_facilities.all():
        documents.append(engine.Document(
            id=f"facility:{facility.pk}", title=facility.name, kind="test-facility", areas=tuple(areas),
            text=f"{facility.description}\n{facility.city}\n{organisation.name}", region=organisation.province or None))
    return documents


def submission_document(submission: Any) -> engine.Document:
    parts = [submission.description, submission.constraints, submission.environment]
    return engine.Document(
        id=f"submission:{submission.pk}", title=submission.title, text="\n".join(p for p in parts if p),
        kind="need" if submission.kind == "need" else "idea", lang=submission.language or None,
        areas=tuple(a.code for a in submission.areas.all()), cpv=tuple(c.code for c in submission.cpv_codes.all()),
        trl=submission.trl, region=submission.region or None)


def query_for(submission: Any) -> engine.Query:
    document = submission_document(submission)
    overrides: dict[str, Any] = {}
    if submission.kind == "need" and submission.trl:
        overrides = {"trl": None, "trl_min": submission.trl}
    if submission.kind == "financing":
        overrides = {"stage": submission.stage or None, "ticket_eur": submission.amount_eur}
    return engine.Query.from_document(document, **overrides)


class IndexWarming(Exception):
    """Too many documents lack a stored vector to embed them within a request; the worker embeds them."""


INLINE_EMBED_LIMIT = 64  # vectors a request may compute itself (about a second or two on two cores)
RETRY_DENSE_SECONDS = 20


class PlatformIndex:
    """One per process; `search` refreshes it from the audit trail first.

    With embeddings on, the index is built from stored vectors. When more than INLINE_EMBED_LIMIT are missing
    (a fresh installation, a large import), the request does not wait for the model: a background task embeds
    them, and meanwhile the process searches a lexical index (BM25 and the structured signals), retrying the
    dense index every RETRY_DENSE_SECONDS until the vectors are there."""

    def __init__(self, dense: bool) -> None:
        self.dense = dense
        self.embedder = engine.default_embedder() if dense else None
        self.lock = threading.RLock()
        self.last_refresh_seconds = 0.0
        self.warming_since: float | None = None
        self._reset(self.embedder)

    def _reset(self, embedder: engine.Embedder | None) -> None:
        self.index = engine.MatchIndex(embedder=embedder)
        self.active_embedder = embedder
        self.watermark: int | None = None
        self.docs_of_org: dict[int, list[str]] = {}
        self.inline_limit: int | None = INLINE_EMBED_LIMIT

    # --- building -------------------------------------------------------------------------------------------
    def _vectors(self, documents: list[engine.Document]) -> np.ndarray | None:
        if self.active_embedder is None or self.embedder is None or not documents:
            return None
        texts = [engine.passage_text(d.title, d.text) for d in documents]
        hashes = [_hash(t) for t in texts]
        cached = {row.key: row for row in EmbeddingCache.objects.filter(key__in=[d.id for d in documents],
                                                                         model=self.embedder.name)}
        out = np.zeros((len(documents), self.embedder.dim), dtype=np.float32)
        missing = []
        for i, (document, digest) in enumerate(zip(documents, hashes, strict=True)):
            row = cached.get(document.id)
            if row is not None and row.text_hash == digest:
                out[i] = np.frombuffer(bytes(row.vector), dtype=np.float32)
            else:
                missing.append(i)
        if missing and self.inline_limit is not None and len(missing) > self.inline_limit:
            raise IndexWarming(len(missing))
        if missing:
            vectors = self.embedder.embed_passages([texts[i] for i in missing])
            rows = []
            for j, i in enumerate(missing):
                out[i] = vectors[j]
                rows.append(EmbeddingCache(key=documents[i].id, text_hash=hashes[i], model=self.embedder.name,
                                           vector=vectors[j].astype(np.float32).tobytes()))
            EmbeddingCache.objects.bulk_create(rows, update_conflicts=True, unique_fields=["key"],
                                               update_fields=["text_hash", "model", "vector"], batch_size=500)
        return out

    def _put(self, documents: list[engine.Document]) -> None:
        if documents:
            self.index.add_many(documents, self._vectors(documents))

    def _organisations(self, ids: Iterable[int] | None) -> None:
        queryset = Organisation.objects.prefetch_related("areas", "capabilities__cpv_codes", "test_facilities")
        queryset = queryset.select_related("mandate").prefetch_related("mandate__areas")
        if ids is not None:
            ids = set(ids)
            for pk in ids:
                for doc_id in self.docs_of_org.pop(pk, []):
                    self.index.remove(doc_id)
            queryset = queryset.filter(pk__in=ids)
        batch: list[engine.Document] = []
        for organisation in queryset.iterator(chunk_size=500):
            documents = organisation_documents(organisation)
            self.docs_of_org[organisation.pk] = [d.id for d in documents]
            batch.extend(documents)
            if len(batch) >= 1000:
                self._put(batch)
                batch = []
        self._put(batch)

    def _submissions(self, ids: Iterable[int] | None) -> None:
        from straiik.defport.choices import State
        from straiik.defport.models import Submission

        queryset = Submission.objects.prefetch_related("areas", "cpv_codes")
        if ids is not None:
            ids = set(ids)
            for pk in ids:
                self.index.remove(f"submission:{pk}")
            queryset = queryset.filter(pk__in=ids)
        live = queryset.exclude(state__in=[State.DRAFT, State.CLOSED])
        self._put([submission_document(s) for s in live])

    def refresh(self, *, inline_limit: int | None = INLINE_EMBED_LIMIT) -> None:
        """Bring the index up to date with the audit trail (everything on the first call). `inline_limit` None
        embeds whatever is missing (the background task and `straiik demo` do that)."""
        with self.lock:
            began = time.perf_counter()
            if self.dense and self.active_embedder is None and self.warming_since is not None \
                    and time.monotonic() - self.warming_since > RETRY_DENSE_SECONDS:
                self._reset(self.embedder)  # try the dense index again: the worker may have embedded everything
            self.inline_limit = inline_limit
            try:
                self._refresh()
                self.warming_since = None if self.active_embedder is not None or not self.dense else self.warming_since
            except IndexWarming as warming:
                log.info("matching index: %s documents without vectors; searching lexically meanwhile", warming)
                self._reset(None)
                self._refresh()
                self._start_warming()
            self.last_refresh_seconds = time.perf_counter() - began

    def _start_warming(self) -> None:
        self.warming_since = time.monotonic()
        try:
            taskqueue.enqueue("straiik.defport.tasks.warm_index")
        except Exception:  # noqa: BLE001 - a search must not fail because the queue is unavailable
            log.exception("could not queue the embedding task")

    def _refresh(self) -> None:
        from straiik.defport.models import Submission

        latest = ObjectChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        if self.watermark is None:
            self._organisations(None)
            self._submissions(None)
        elif latest > self.watermark:
            org_type = ContentType.objects.get_for_model(Organisation)
            sub_type = ContentType.objects.get_for_model(Submission)
            touched: dict[int, set[int]] = defaultdict(set)
            for type_id, object_id in ObjectChange.objects.filter(
                    id__gt=self.watermark, id__lte=latest).values_list("related_object_type", "related_object_id"):
                if object_id is not None:
                    touched[type_id].add(object_id)
            if touched.get(org_type.pk):
                self._organisations(touched[org_type.pk])
            if touched.get(sub_type.pk):
                self._submissions(touched[sub_type.pk])
        self.watermark = latest

    @property
    def semantic(self) -> bool:
        return self.active_embedder is not None

    def search(self, query: engine.Query, *, kinds: Iterable[str], k: int = 10, exclude: Iterable[str] = (),
               method: str = "hybrid") -> list[engine.Match]:
        self.refresh()
        if self.active_embedder is None and method != "bm25":
            method = "bm25"
        return self.index.search(query, k=k, method=method, kinds=tuple(kinds), exclude_ids=tuple(exclude))


_INDEX: PlatformIndex | None = None
_INDEX_LOCK = threading.Lock()


def platform_index() -> PlatformIndex:
    global _INDEX
    with _INDEX_LOCK:
        if _INDEX is None:
            _INDEX = PlatformIndex(dense=getattr(settings, "STRAIIK_MATCHING_DENSE", True))
        return _INDEX


def reset_index() -> None:
    """Forget the index (tests, and after the database is replaced)."""
    global _INDEX
    with _INDEX_LOCK:
        _INDEX = None


def matches_for(submission: Any, *, user: Viewer, k: int = 10, method: str = "hybrid") -> list[dict[str, Any]]:
    """Ranked matches for a submission, each with the record it points to and the reasons, as people read them.
    Needs and ideas among them are only those `user` may see (a restricted need never shows up elsewhere)."""
    from straiik.defport.models import Submission
    from straiik.protection.services import releasability

    kinds = SEARCH_KINDS[submission.kind]
    exclude = [f"submission:{submission.pk}"]
    if submission.organisation_id:  # never the submitter's own organisation
        exclude.append(f"org:{submission.organisation_id}")
    results = platform_index().search(query_for(submission), kinds=kinds, k=k, method=method, exclude=exclude)
    org_ids = [int(m.document.id.split(":")[1]) for m in results if m.document.id.startswith("org:")]
    facility_ids = [int(m.document.id.split(":")[1]) for m in results if m.document.id.startswith("facility:")]
    submission_ids = [int(m.document.id.split(":")[1]) for m in results if m.document.id.startswith("submission:")]
    # One read path: every record a match names is one `user` may see.
    orgs = Organisation.objects.restrict(user).in_bulk(org_ids)
    facilities = TestFacility.objects.select_related("organisation").filter(
        organisation__in=Organisation.objects.restrict(user).values("pk")).in_bulk(facility_ids)
    submissions = Submission.objects.filter(pk__in=submission_ids).restrict(user).in_bulk()
    rows = []
    for match in results:
        if not relevant(match.explanation):
            continue
        prefix, pk = match.document.id.split(":")
        by_kind: dict[str, dict[Any, Any]] = {"org": orgs, "facility": facilities, "submission": submissions}
        record = by_kind[prefix].get(int(pk))
        if record is None:
            continue
        organisation = record if prefix == "org" else getattr(record, "organisation", None)
        # Export control: a tagged need is withheld from (or flagged for) organisations outside its releasability.
        decisions = releasability(submission, organisation) if isinstance(organisation, Organisation) else []
        withheld = [text for decision, text in decisions if decision == "withheld"]
        rows.append({"rank": match.rank, "score": match.score, "kind": match.document.kind, "record": record,
                     "kind_label": kind_labels().get(match.document.kind, match.document.kind),
                     "organisation": organisation,
                     "reasons": [text for _decision, text in decisions] + reasons(match.explanation),
                     "withheld": withheld[0] if withheld else "",
                     "similarity": match.explanation.semantic_similarity, "language": match.explanation.language})
    return rows


def kind_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {"organisation": _("organisation"), "knowledge-institution": _("knowledge institution"),
            "financier": _("financier"), "test-facility": _("test facility"), "need": _("need"),
            "idea": _("idea or offer"), "capability": _("capability")}


MIN_SIMILARITY_ALONE = 0.0  # centred cosine: above 0 is closer than the average text of its language


def relevant(explanation: engine.Explanation) -> bool:
    """A match is shown when something ties it to the query: a word, an area, a CPV code, or enough meaning."""
    if explanation.shared_terms or explanation.shared_areas or explanation.cpv:
        return True
    return explanation.semantic_similarity is not None and explanation.semantic_similarity >= MIN_SIMILARITY_ALONE


def reasons(explanation: engine.Explanation) -> list[str]:
    """Why it matched, in words."""
    from django.utils.translation import gettext as _

    from straiik.registry.taxonomies import Area

    out = []
    if explanation.shared_terms:
        out.append(_("shared terms: %(t)s") % {"t": ", ".join(explanation.shared_terms[:8])})
    if explanation.shared_areas:
        out.append(_("same priority area: %(a)s") % {"a": ", ".join(str(Area(a).label) for a in
                                                                   explanation.shared_areas)})
    if explanation.cpv:
        best = explanation.cpv[0]
        levels = {"code": _("same code"), "category": _("same category"), "class": _("same class"),
                  "group": _("same group"), "division": _("same division")}
        out.append(_("CPV %(q)s ~ %(d)s (%(level)s)") % {"q": best.query_code, "d": best.document_code,
                                                          "level": levels.get(best.level, best.level)})
    if explanation.trl.status == "within":
        out.append(_("TRL %(t)s fits") % {"t": explanation.trl.document_trl})
    elif explanation.trl.status == "below":
        out.append(_("TRL %(t)s is below the wanted range") % {"t": explanation.trl.document_trl})
    elif explanation.trl.status == "above":
        out.append(_("TRL %(t)s is above the wanted range") % {"t": explanation.trl.document_trl})
    if explanation.region.status == "same":
        out.append(_("same province"))
    if explanation.semantic_similarity is not None:
        # cosine after language centring: about -0.2 for unrelated text, 0.6 and more for the same subject
        out.append(_("semantic similarity %(s).2f") % {"s": explanation.semantic_similarity})
    if explanation.mandate is not None:
        if explanation.mandate.excluded_by:
            out.append(_("excluded by the mandate: %(e)s") % {"e": ", ".join(explanation.mandate.excluded_by)})
        elif explanation.mandate.fits:
            out.append(_("fits the financier's mandate"))
    return out

"""The curation studio's API, all under /curation: add an article, draft proposals, read an
article's full text and fact file, save accepted/edited facts. Every route needs a curator
token (header `X-Curator-Token`, or `Authorization: Bearer`); without a curators file the
routes answer 403 and the public API stays read-only. These routes are never opened to
other origins by CORS."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response

from api.curation_models import (AddedArticle, ArticleState, CurationArticle, CurationOntology, Curator, DecisionsBody,
                                 FactFile, NewArticle, Proposals, SaveBody, SaveResult)
from api.deps import GraphDep
from api.errors import ApiError, BadRequest, Conflict, NotFound, error_responses
from api.routes.common import ArticleId
from curation import tokens
from graph.config import get_settings
from graph.errors import GraphError

router = APIRouter(prefix="/curation", tags=["curation"], responses=error_responses(401, 403, 404, 422, 503))
MAX_BODY = 2_000_000


class Unauthorized(ApiError):
    """No token, or not a curator's (401)."""

    status, title, type = 401, "Unauthorized", "/problems/unauthorized"

    def __init__(self, detail: str):
        super().__init__(detail=detail, headers={"WWW-Authenticate": 'Bearer realm="curation"'})


class Forbidden(ApiError):
    """Curation is disabled on this server (403)."""

    status, title, type = 403, "Curation disabled", "/problems/curation-disabled"

    def __init__(self, detail: str):
        super().__init__(detail=detail)


class PreconditionRequired(ApiError):
    """A save must say which version it edits (428)."""

    status, title, type = 428, "Precondition required", "/problems/precondition-required"

    def __init__(self, detail: str):
        super().__init__(detail=detail)


class Invalid(ApiError):
    """The fact file would not validate (422); `problems` lists each with its fact and line."""

    status, title, type = 422, "Invalid facts", "/problems/invalid-facts"


def curator(request: Request,
            x_curator_token: Annotated[str | None, Header(description="a curator's token (from the curators file)",
                                                          examples=["hkg-curator-token-example"])] = None,
            authorization: Annotated[str | None, Header(description="the token as `Bearer <token>`, instead of "
                                                                    "X-Curator-Token",
                                                        examples=["Bearer hkg-curator-token-example"])] = None) -> str:
    settings = get_settings() if not hasattr(request.app.state, "settings") else request.app.state.settings
    try:
        curators = tokens.load(settings.curators_file)
    except (tokens.CuratorsFileError, OSError) as e:
        raise Forbidden(f"curation is disabled: the curators file cannot be read ({e})") from e
    if not curators.enabled:
        raise Forbidden("curation is disabled on this server: no curators file (HKG_CURATORS_FILE) or no curator "
                        "in it; the public API is read-only")
    token = x_curator_token
    if not token and authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    if not token:
        raise Unauthorized("a curator token is required (header X-Curator-Token)")
    name = curators.who(token)
    if name is None:
        raise Unauthorized("this token is not a curator's")
    return name


CuratorDep = Annotated[str, Depends(curator)]


def install(app) -> None:
    app.include_router(router)


def _data_dir(request: Request):
    settings = getattr(request.app.state, "settings", None) or get_settings()
    return settings.data_dir


def _problems(problems) -> list[dict[str, Any]]:
    return [{"file": p.file, "line": p.line, "fact": p.subject, "message": p.message} for p in problems]


@router.get("/whoami", response_model=Curator, summary="The curator the token belongs to")
def whoami(name: CuratorDep) -> Curator:
    """The name of the curator the token belongs to. 401 without a valid token, 403 when curation is disabled."""
    return Curator(curator=name)


@router.get("/ontology", response_model=CurationOntology, response_model_exclude_unset=True, summary="What a fact can say: predicates (domain, range, their qualifiers and closed lists "
                                 "of values), entity types and their classes, id prefixes and the id rule")
def ontology_for_curation(_: CuratorDep) -> Any:
    """What a fact can say, for the curation studio's forms, all derived from the ontology and its shapes:
    predicates (domain, range, literal or not, the object's input) with the qualifiers each offers (a closed list of
    values, a year, a date, an entity or text; required or not), entity types with their class chains, id prefixes
    and the rule a new entity's id follows. Curators only."""
    from curation.vocabulary import for_curation

    return for_curation()


@router.get("/articles", response_model=list[ArticleState], summary="Articles of the data folder with their curation state")
def list_articles(request: Request, _: CuratorDep):
    """The articles of the data folder with their curation state (title, date, outlet, fact and entity counts, whether proposals exist). Curators
    only."""
    from curation import factfiles
    from curation.articles import ID_RE
    from curation.propose import proposals_path

    data_dir = _data_dir(request)
    out = []
    for p in sorted((data_dir / "facts").glob("A*.yaml")):
        if not ID_RE.match(p.stem):
            continue
        doc = factfiles.load(p)
        art = doc.get("article") or {}
        out.append({"id": p.stem, "title": art.get("title"), "date": art.get("date"), "outlet": art.get("outlet"),
                    "facts": len(doc.get("facts") or []), "entities": len(doc.get("entities") or []),
                    "has_proposals": proposals_path(data_dir, p.stem).exists()})
    return out


@router.post("/articles", status_code=201, response_model=AddedArticle,
             summary="Add an article: normalised, refused when it (nearly) duplicates one, next id assigned")
def add_article(body: NewArticle, request: Request, name: CuratorDep) -> AddedArticle:
    """Adds an article: text normalised, refused (409) when it duplicates or nearly duplicates one, the next id
    assigned. Curators only."""
    from curation.articles import ArticleRefused, add

    try:
        r = add(_data_dir(request), body.text, title=body.title, date=body.date, outlet=body.outlet, url=body.url,
                by=name)
    except ArticleRefused as e:
        if e.duplicate_of:
            raise Conflict(str(e), duplicate_of=e.duplicate_of, similarity=round(e.similarity or 0, 3)) from e
        raise Invalid(detail=str(e), problems=[{"message": p} for p in e.problems]) from e
    return AddedArticle(id=r.id, hash=r.hash, chars=r.chars,
                        nearest={"id": r.nearest[0], "similarity": round(r.nearest[1], 3)} if r.nearest else None)


@router.get("/articles/{id}", response_model=CurationArticle, response_model_exclude_unset=True, summary="An article's full text and metadata (curators only)")
def get_article(id: ArticleId, request: Request, _: CuratorDep) -> Any:
    """An article's full text and metadata, for curating it. Curators only; 404 for an unknown article."""
    from curation import review

    data_dir = _data_dir(request)
    try:
        text_path, _facts = review.paths(data_dir, id)
        doc, etag = review.current(data_dir, id)
    except review.UnknownArticle as e:
        raise NotFound("article", id) from e
    return {"id": id, "article": doc.get("article") or {}, "text": text_path.read_text(encoding="utf-8"),
            "offsets": "Unicode code points"}


@router.get("/articles/{id}/facts", response_model=FactFile, response_model_exclude_unset=True, summary="The article's curated fact file (ETag: its hash, for If-Match)")
def get_facts(id: ArticleId, request: Request, response: Response, _: CuratorDep) -> Any:
    """The article's curated fact file; the ETag is its hash, to send back as If-Match when saving. Curators only;
    404 for an unknown article."""
    from curation import review

    try:
        doc, etag = review.current(_data_dir(request), id)
    except review.UnknownArticle as e:
        raise NotFound("article", id) from e
    response.headers["ETag"] = f'"{etag}"'
    return {"etag": etag, **doc}


@router.post("/articles/{id}/proposals", response_model=Proposals, response_model_exclude_unset=True, summary="Draft proposals for the article (offline) and return them")
def make_proposals(id: ArticleId, request: Request, _: CuratorDep) -> Any:
    """Drafts fact proposals for the article offline (no outbound request), stores and returns them. Curators only;
    404 for an unknown article."""
    from curation.propose import ProposeError, propose_article

    try:
        propose_article(_data_dir(request), id)
    except ProposeError as e:
        raise NotFound("article", id) from e
    return read_proposals(id, request, _)


@router.get("/articles/{id}/proposals", response_model=Proposals, response_model_exclude_unset=True, summary="The article's proposals (machine drafts, not curated), each with "
                                                 "its review status")
def read_proposals(id: ArticleId, request: Request, _: CuratorDep) -> Any:
    """The article's stored proposals (machine drafts, not curated facts), each with its review status: `accepted`
    (its fact is in the curated fact file; `fact` names it), `rejected` (a curator rejected it) or `pending`, and the
    `counts` of each. Curators only; 404 when there is none."""
    from curation import decisions, factfiles, review
    from curation.articles import ID_RE
    from curation.propose import proposals_path

    data_dir = _data_dir(request)
    path = proposals_path(data_dir, id)
    if not ID_RE.match(id) or not path.exists():
        raise NotFound("proposals of article", id)
    try:
        text_path, _facts = review.paths(data_dir, id)
        curated, _etag = review.current(data_dir, id)
    except review.UnknownArticle as e:
        raise NotFound("article", id) from e
    return decisions.annotate(factfiles.load(path), curated, text_path.read_text(encoding="utf-8"))


@router.post("/articles/{id}/proposals/decisions", response_model=Proposals, response_model_exclude_unset=True,
             summary="Reject drafts (or take a rejection back), stored with the drafts at once")
def decide(id: ArticleId, body: DecisionsBody, request: Request, name: CuratorDep) -> Any:
    """Stores the curator's decisions on drafts in the proposals file, atomically: `rejected`, or `pending` to take a
    rejection back. A draft becomes `accepted` by saving its fact (PUT …/facts with `from_proposals`). Answers the
    proposals with their statuses, as GET does. Curators only; 404 without proposals, 422 for an unknown draft (nothing
    written)."""
    from curation import decisions
    from curation.articles import ID_RE
    from curation.propose import proposals_path

    path = proposals_path(_data_dir(request), id)
    if not ID_RE.match(id) or not path.exists():
        raise NotFound("proposals of article", id)
    try:
        decisions.record(path, [(d.proposal, d.decision, None) for d in body.decisions], name)
    except decisions.DecisionError as e:
        raise BadRequest(str(e)) from e
    return read_proposals(id, request, name)


def _save(id: ArticleId, body: SaveBody, request: Request, graph, name: str, if_match: str | None, dry_run: bool):
    from curation import review

    if not dry_run and not if_match:
        raise PreconditionRequired("send If-Match with the ETag of the fact file you edited "
                                   "(GET /curation/articles/{id}/facts)")
    payload = body.model_dump(exclude_none=True)
    try:
        r = review.save(graph, _data_dir(request), id, payload, curator=name, if_match=if_match, dry_run=dry_run)
    except review.UnknownArticle as e:
        raise NotFound("article", id) from e
    except review.Stale as e:
        raise Conflict(str(e), current_etag=e.current) from e
    except review.Invalid as e:
        raise Invalid(detail=str(e), problems=_problems(e.problems)) from e
    except review.Busy as e:
        raise Conflict(f"another load is writing; try again shortly ({e})") from e
    return SaveResult(article=r.article, etag=r.etag, facts=r.facts, entities=r.entities, changes=r.changes,
                      loaded=r.loaded, dry_run=dry_run)


@router.put("/articles/{id}/facts", response_model=SaveResult,
            summary="Save the curated facts: If-Match, validated, written atomically, loaded at once")
def save_facts(id: ArticleId, body: SaveBody, request: Request, response: Response, graph: GraphDep, name: CuratorDep,
               if_match: Annotated[str | None, Header(
                   description="the ETag of the fact file you edited (from GET …/facts); required",
                   examples=['"3f2a9c"'])] = None) -> SaveResult:
    """Saves the article's curated facts: If-Match must name the current file's hash (428 without it, 409 when stale), the file is
    validated (422 with each problem's line), written atomically and loaded into the graph at once."""
    result = _save(id, body, request, graph, name, if_match, dry_run=False)
    # Visible at once: the watcher learns the new graph version now, not at its next poll, so
    # no cached answer or ETag of the old version is served after the save returns.
    watcher = getattr(request.app.state, "watcher", None)
    if watcher is not None and result.loaded:
        try:
            watcher.poll()
        except GraphError:
            pass   # Neo4j went away after the save committed: the watcher's next poll catches up
    response.headers["ETag"] = f'"{result.etag}"'
    return result


@router.post("/articles/{id}/facts/validate", response_model=SaveResult,
             summary="Validate facts as a save would, writing nothing (422 with the problems)")
def validate_facts(id: ArticleId, body: SaveBody, request: Request, name: CuratorDep) -> SaveResult:
    """Validates the facts as a save would, writing nothing: 200 when valid, 422 listing each problem with its
    line."""
    return _save(id, body, request, None, name, None, dry_run=True)

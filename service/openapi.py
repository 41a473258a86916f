"""The OpenAPI 3 document of ``/api/v1`` (served at ``/api/v1/openapi.json``).

Written by hand next to the routes; ``tests/service/test_api.py`` checks that its paths and
methods are exactly the app's ``/api/v1`` routes.
"""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/responses/Error"}


def _op(
    summary: str,
    ok: str = "200",
    ok_description: str = "OK",
    body: dict | None = None,
    public: bool = False,
    content: str = "application/json",
    ok_schema: dict | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            ok: {
                "description": ok_description,
                **({"content": {content: {"schema": ok_schema or {}}}} if ok != "204" else {}),
            },
            "default": ERROR,
        },
    }
    if public:
        op["security"] = []
    if body is not None:
        op["requestBody"] = {"required": True, "content": body}
    return op


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


JSON_OBJECT = {"application/json": {"schema": {"type": "object"}}}
UPLOAD = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "required": ["files"],
            "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "channel": {"type": "string", "default": "web"},
                "category": {"type": "string"},
                "date": {"type": "string", "format": "date"},
                "turned": {
                    "type": "boolean",
                    "default": False,
                    "description": "also look for logos turned sideways or upside down (about 4 times longer)",
                },
                "partner_id": {"type": "integer", "description": "required for reviewers and admins"},
            },
        }
    }
}


def document() -> dict[str, Any]:
    sid, fid, lid, pid, tid = (
        _id("submission_id"),
        _id("finding_id"),
        _id("letter_id"),
        _id("partner_id"),
        _id("token_id"),
    )
    fmt = {"name": "fmt", "in": "path", "required": True, "schema": {"type": "string", "enum": ["json", "html", "csv"]}}
    name = {
        "name": "name",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "page-P.jpg, crop-P-I.png, ref-P-I.png or heat-P-I.png",
    }
    part = {
        "name": "part",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^(fr|en)(-[1-9][0-9]{0,5})?$"},
        "description": "fr or en: the first part of the HTML report in that language; fr-2, fr-3 …: the next ones",
    }
    paths: dict[str, Any] = {
        "/api/v1/openapi.json": {"get": _op("This document", public=True)},
        "/api/v1/health": {"get": _op("Service health and job counts", public=True)},
        "/api/v1/submissions": {
            "get": _op("List the submissions one may see (filters: state, verdict, partner)"),
            "post": _op("Upload files; one check is queued per file", ok="201", body=UPLOAD),
        },
        "/api/v1/submissions/{submission_id}": {
            "parameters": [sid],
            "get": _op("Status of a submission: queued, running, done or failed, verdict, error"),
            "delete": _op(
                "Delete a submission (409 when a letter or a case cites it; a partner: 409 once a reviewer decided "
                "on one of its findings, 403 when the partner is not active)",
                ok="204",
                ok_description="Deleted",
            ),
        },
        "/api/v1/submissions/{submission_id}/rerun": {
            "parameters": [sid],
            "post": _op(
                "Queue the check again (a partner: not once a reviewer decided on a finding or a letter or a case "
                "cites it, 409, nor when the partner is not active, 403)",
                ok="202",
            ),
        },
        "/api/v1/submissions/{submission_id}/report.{fmt}": {
            "parameters": [sid, fmt],
            "get": _op("The report of the latest finished check (JSON, HTML or CSV)", content="*/*"),
        },
        "/api/v1/submissions/{submission_id}/report.{part}.html": {
            "parameters": [sid, part],
            "get": _op(
                "A part of the HTML report in one language; a long report is in several, linked to one another",
                content="text/html",
            ),
        },
        "/api/v1/submissions/{submission_id}/images/{name}": {
            "parameters": [sid, name],
            "get": _op("An annotated page, an instance's crop or the reference beside it", content="image/png"),
        },
        "/api/v1/submissions/{submission_id}/download": {
            "parameters": [sid],
            "get": _op("The original file", content="application/octet-stream"),
        },
        "/api/v1/submissions/{submission_id}/findings": {
            "parameters": [sid],
            "get": _op(
                "The findings of the latest check, with decisions and their history (carried_from: the earlier "
                "finding whose decision a re-run carried over)"
            ),
        },
        "/api/v1/submissions/{submission_id}/notes": {
            "parameters": [sid],
            "get": _op("The staff's notes on the submission, oldest first (reviewers; never shown to partners)"),
            "post": _op(
                "Add a staff note: who and when are recorded (reviewers)",
                ok="201",
                body={
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["text"],
                            "properties": {"text": {"type": "string", "maxLength": 4000}},
                        }
                    }
                },
            ),
        },
        "/api/v1/findings/{finding_id}/decision": {
            "parameters": [fid],
            "post": _op(
                "Confirm or dismiss a finding with a comment (reviewers)",
                body={
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["decision", "comment"],
                            "properties": {
                                "decision": {"type": "string", "enum": ["confirm", "dismiss"]},
                                "comment": {"type": "string"},
                            },
                        }
                    }
                },
            ),
        },
        "/api/v1/submissions/{submission_id}/letters": {
            "parameters": [sid],
            "post": _op("Produce the warning letter from the confirmed findings (reviewers)", ok="201"),
        },
        "/api/v1/letters/{letter_id}": {"parameters": [lid], "get": _op("A case: letter, deadline, re-check, outcome")},
        "/api/v1/letters/{letter_id}.pdf": {
            "parameters": [lid],
            "get": _op("The letter as PDF", content="application/pdf"),
        },
        "/api/v1/letters/{letter_id}/send": {
            "parameters": [lid],
            "post": _op(
                "E-mail the letter's PDF to the partner's address (reviewers); 409 mail_not_configured or "
                "partner_no_email, 502 mail_failed when the mail server does not accept it"
            ),
        },
        "/api/v1/letters/{letter_id}/case": {
            "parameters": [lid],
            "post": _op(
                "Attach the re-check and/or record the outcome (reviewers)",
                body={
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "recheck_submission_id": {"type": "integer"},
                                "outcome": {"type": "string", "enum": ["rectified", "withdrawn"]},
                                "comment": {"type": "string"},
                            },
                        }
                    }
                },
            ),
        },
        "/api/v1/artwork": {
            "get": {
                **_op(
                    "The official artwork, as logo-check reference render draws it", content="application/octet-stream"
                ),
                "parameters": [
                    {
                        "name": "category",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "default: the first the user may have (a partner: one of its own)",
                    },
                    {"name": "variant", "in": "query", "schema": {"type": "string", "default": "colour"}},
                    {"name": "height", "in": "query", "schema": {"type": "integer", "default": 200}},
                    {
                        "name": "format",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["png", "svg"], "default": "png"},
                    },
                ],
            },
        },
        "/api/v1/partners": {
            "get": _op("Partners (a partner sees itself)"),
            "post": _op("Create a partner (admins)", ok="201", body=JSON_OBJECT),
        },
        "/api/v1/partners/{partner_id}": {
            "parameters": [pid],
            "get": _op("A partner"),
            "patch": _op("Change a partner's name, categories, status or e-mail address (admins)", body=JSON_OBJECT),
        },
        "/api/v1/tokens": {
            "get": _op("API tokens (one's own; all for admins)"),
            "post": _op("Create a token; the token is in this answer only", ok="201"),
        },
        "/api/v1/tokens/{token_id}": {"parameters": [tid], "delete": _op("Revoke a token", ok="204")},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "logo-check",
            "version": "1",
            "description": "Logo compliance checks for partners and reviewers.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "code", "message"],
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string"},
                                "message": {
                                    "type": "object",
                                    "properties": {"fr": {"type": "string"}, "en": {"type": "string"}},
                                },
                            },
                        }
                    },
                }
            },
            "responses": {
                "Error": {
                    "description": "Error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }

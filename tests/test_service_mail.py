"""Warning letters sent by e-mail (service/mail.py) to a real SMTP server: aiosmtpd's, listening on
127.0.0.1 for the module's tests and stopped by its fixture. The letter comes from the service's
own flow: partner A uploads a recoloured logo (tests/service_support.logo_png), a reviewer
confirms a finding and produces the letter."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from service_support import World, assert_error_shape, login_session, logo_png, make_world, run_queued

from service import create_app
from service.db import DB_FILE, connect

FROM = "controle-logo@pme.example.fr"
PARTNER_EMAIL = "communication@partenaire-a.example.fr"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Inbox:
    """What the SMTP server received; ``refuse`` makes it answer 550 to the message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.refuse:
            return "550 mailbox unavailable"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[_Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def case(tmp_path: Path, charter) -> tuple[World, int]:
    """A world with partner A's letter; its id."""
    world = make_world(tmp_path / "data")
    client = create_app(world.settings()).test_client()
    partner_a = {"Authorization": f"Bearer {world.tokens['partner_a']}"}
    reviewer = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    sent = client.post(
        "/api/v1/submissions",
        headers=partner_a,
        data={"files": [(io.BytesIO(logo_png(charter, recoloured=True)), "a.png")]},
    )
    assert sent.status_code == 201
    assert run_queued(world.settings()) == 1
    (finding, *_) = client.get("/api/v1/submissions/1/findings", headers=reviewer).get_json()["findings"]
    decided = client.post(
        f"/api/v1/findings/{finding['id']}/decision", headers=reviewer, json={"decision": "confirm", "comment": "vu"}
    )
    assert decided.status_code == 200
    letter = client.post("/api/v1/submissions/1/letters", headers=reviewer)
    assert letter.status_code == 201
    return world, letter.get_json()["id"]


def _mail_settings(world: World, port: int, **more: Any) -> dict[str, Any]:
    return world.settings(
        SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TLS="none", MAIL_FROM=FROM, SMTP_TIMEOUT=5.0, **more
    )


def _audit(world: World) -> list[tuple[str, str]]:
    con = connect(world.folder / DB_FILE)
    try:
        return [
            tuple(r)
            for r in con.execute(
                "SELECT action, detail FROM audit WHERE action IN ('letter_sent', 'letter_send_failed')"
            )
        ]
    finally:
        con.close()


def test_a_reviewer_sends_the_letter_to_the_partner_address(case, smtp) -> None:
    world, letter_id = case
    inbox, port = smtp
    inbox.messages.clear()
    client = create_app(_mail_settings(world, port)).test_client()
    admin = {"Authorization": f"Bearer {world.tokens['admin']}"}
    reviewer = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    changed = client.patch(f"/api/v1/partners/{world.partners['A']}", headers=admin, json={"email": PARTNER_EMAIL})
    assert changed.status_code == 200 and changed.get_json()["email"] == PARTNER_EMAIL

    answer = client.post(f"/api/v1/letters/{letter_id}/send", headers=reviewer)
    assert answer.status_code == 200
    assert answer.get_json()["sent_to"] == PARTNER_EMAIL and answer.get_json()["sent_at"]
    ((sender, recipients, raw),) = inbox.messages
    assert sender == FROM and recipients == [PARTNER_EMAIL]
    mail = message_from_bytes(raw, policy=policy.default)
    assert mail["To"] == PARTNER_EMAIL and mail["Subject"].startswith(f"Avertissement n° {letter_id} : usage du logo")
    body = mail.get_body(("plain",)).get_content()
    assert "Partenaire A" in body and "a.png" in body and "— English —" in body
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == f"avertissement-{letter_id}.pdf"
    pdf = client.get(f"/api/v1/letters/{letter_id}.pdf", headers=reviewer).data
    assert attachment.get_content() == pdf
    assert _audit(world) == [("letter_sent", f"to={PARTNER_EMAIL}")]

    # the case page says so, to the partner too; only staff have the button
    page = create_app(_mail_settings(world, port)).test_client()
    login_session(page, world.users["partner_a"])
    html = page.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Envoyé le" in html and PARTNER_EMAIL in html and 'id="send-letter"' not in html
    login_session(page, world.users["reviewer"])
    html = page.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert f"Envoyer de nouveau à {PARTNER_EMAIL}" in html


def test_the_page_button_sends_and_says_so(case, smtp) -> None:
    world, letter_id = case
    inbox, port = smtp
    inbox.messages.clear()
    con = connect(world.folder / DB_FILE)
    try:
        con.execute("UPDATE partners SET email = ? WHERE id = ?", (PARTNER_EMAIL, world.partners["A"]))
        con.commit()
    finally:
        con.close()
    client = create_app(_mail_settings(world, port)).test_client()
    login_session(client, world.users["reviewer"])
    html = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert f"Envoyer par courriel à {PARTNER_EMAIL}" in html and "Pas encore envoyé par courriel" in html
    answer = client.post(f"/letters/{letter_id}/send", data={"csrf_token": "test-csrf"}, follow_redirects=True)
    assert answer.status_code == 200 and f"Courrier envoyé à {PARTNER_EMAIL}." in answer.get_data(as_text=True)
    assert len(inbox.messages) == 1


def test_what_cannot_be_sent_says_why_and_marks_nothing(case, smtp) -> None:
    world, letter_id = case
    inbox, port = smtp
    inbox.messages.clear()
    reviewer = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    url = f"/api/v1/letters/{letter_id}/send"
    off = create_app(world.settings()).test_client()
    assert_error_shape(off.post(url, headers=reviewer), 409, "mail_not_configured")
    client = create_app(_mail_settings(world, port)).test_client()
    assert_error_shape(client.post(url, headers=reviewer), 409, "partner_no_email")
    admin = {"Authorization": f"Bearer {world.tokens['admin']}"}
    assert (
        client.patch(
            f"/api/v1/partners/{world.partners['A']}", headers=admin, json={"email": PARTNER_EMAIL}
        ).status_code
        == 200
    )

    inbox.refuse = True
    try:
        refused = assert_error_shape(client.post(url, headers=reviewer), 502, "mail_failed")
    finally:
        inbox.refuse = False
    assert "550 mailbox unavailable" in refused["message"]["fr"]
    down = create_app(_mail_settings(world, _free_port())).test_client()  # nothing listens there
    assert_error_shape(down.post(url, headers=reviewer), 502, "mail_failed")
    letter = client.get(f"/api/v1/letters/{letter_id}", headers=reviewer).get_json()
    assert letter["sent_at"] is None and letter["sent_to"] is None and inbox.messages == []
    assert [action for action, _ in _audit(world)] == ["letter_send_failed", "letter_send_failed"]


@pytest.mark.parametrize(
    "address", ["pas une adresse", "a@b", "a@b.fr\r\nBcc: autre@exemple.fr", "Nom <a@b.fr>", "a@b.fr, c@d.fr"]
)
def test_a_partner_address_must_be_one_plain_mailbox(tmp_path: Path, address: str) -> None:
    world = make_world(tmp_path / "data")
    client = create_app(world.settings()).test_client()
    admin = {"Authorization": f"Bearer {world.tokens['admin']}"}
    answer = client.patch(f"/api/v1/partners/{world.partners['A']}", headers=admin, json={"email": address})
    assert_error_shape(answer, 400, "partner_email")
    assert client.get(f"/api/v1/partners/{world.partners['A']}", headers=admin).get_json()["email"] is None
    created = client.post("/api/v1/partners", headers=admin, json={"name": "C", "email": " c@partenaire.fr "})
    assert created.status_code == 201 and created.get_json()["email"] == "c@partenaire.fr"
    cleared = client.patch(f"/api/v1/partners/{created.get_json()['id']}", headers=admin, json={"email": ""})
    assert cleared.get_json()["email"] is None


def test_mail_settings_are_checked_at_start() -> None:
    from service.settings import SettingError, check, from_environment

    with pytest.raises(SettingError, match="LOGO_CHECK_MAIL_FROM"):
        check(from_environment({"LOGO_CHECK_SMTP_HOST": "smtp.example.fr"}))
    with pytest.raises(SettingError, match="LOGO_CHECK_SMTP_TLS"):
        check(from_environment({"LOGO_CHECK_SMTP_TLS": "ssl"}))
    check(from_environment({"LOGO_CHECK_SMTP_HOST": "smtp.example.fr", "LOGO_CHECK_MAIL_FROM": FROM}))

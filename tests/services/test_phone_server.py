"""`clientbook serve`: a real Radicale on 127.0.0.1 (services/phone.PhoneServer, as the command
runs it), read by real clients: the `caldav` library for the calendar, plain CardDAV REPORT
requests for the address book."""

from __future__ import annotations

import socket
import time
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from datetime import time as clock_time

import caldav
import pytest
import requests
import vobject

from clientbook.domain.contact_card import Photo, Typed
from clientbook.domain.contacts import ContactInput
from clientbook.domain.enums import Grade, Level
from clientbook.domain.interactions import FollowupInput
from clientbook.domain.lunar import Birthday, birthday_in_year, solar_to_lunar
from clientbook.services.phone import PhoneServer, set_password
from clientbook.store import open_store
from conftest import NOW

USER, PASSWORD = "rep", "mooncake 8-15"
REPORT = ('<?xml version="1.0"?><C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">'
          "<D:prop><D:getetag/><C:address-data/></D:prop></C:addressbook-query>")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A book of four people (one archived before the start), served on a free port."""
    root = tmp_path_factory.mktemp("phone")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLIENTBOOK_HOME", str(root / "home"))
        book = root / "book.db"
        store = open_store(book, NOW)
        ids = {
            "张伟": store.contacts.add_contact(ContactInput(
                name="张伟", company="华为", title="采购总监", level=Level.GOOD_FRIEND,
                phones=[Typed("138 0013 8000", "mobile"), Typed("0755-2878 0808", "work")],
                photo=Photo(b"\xff\xd8\xff\xe0jpeg", "image/jpeg")), NOW),
            "李娜": store.contacts.add_contact(ContactInput(
                name="李娜", company="华为", birthday="lunar:--08-15", phones=[Typed("139 0000 1111", "mobile")]), NOW),
            "王芳": store.contacts.add_contact(ContactInput(name="王芳", phones=[Typed("021-5555 6666")]), NOW),
            "赵六": store.contacts.add_contact(ContactInput(name="赵六"), NOW),
        }
        huawei = next(c for c in store.contacts.list_companies() if c.name == "华为")
        update = store.contacts.company_input(huawei.id)
        update.grade = Grade.A
        store.contacts.update_company(huawei.id, update, NOW)
        store.contacts.archive_contact(ids["赵六"], NOW)
        ids["followup"] = store.capture.add_followup(
            ids["张伟"], FollowupInput("送样品", date(2026, 11, 27), clock_time(14, 30)), NOW)
        set_password(USER, PASSWORD)
        server = PhoneServer(book, "127.0.0.1", free_port(), "zh", clock=lambda: NOW, watch_seconds=0.2)
        server.start()
    yield server, store, ids
    server.stop()
    store.close()


def cards(server) -> dict[str, vobject.base.Component]:
    """The address book as a CardDAV client reads it: FN -> the parsed card."""
    answer = requests.request("REPORT", server.url + "contacts/", data=REPORT.encode(), auth=(USER, PASSWORD),
                              headers={"Depth": "1", "Content-Type": "application/xml"}, timeout=10)
    assert answer.status_code == 207, answer.text
    data = ET.fromstring(answer.content).iter("{urn:ietf:params:xml:ns:carddav}address-data")
    parsed = [vobject.readOne(element.text) for element in data]
    return {card.fn.value: card for card in parsed}


def events(server) -> dict[str, object]:
    """The calendar as the caldav library reads it: UID -> the icalendar VEVENT."""
    with caldav.DAVClient(url=server.url, username=USER, password=PASSWORD) as client:
        [calendar] = client.principal().calendars()
        found = {}
        for event in calendar.events():
            component = event.icalendar_component
            found[str(component["uid"])] = component
        return found


def test_the_address_book_lists_every_active_contact_with_phones_company_title_grade_and_level(served):
    server, _store, _ids = served
    book = cards(server)
    assert sorted(book) == ["张伟", "李娜", "王芳"]           # 赵六 is archived
    zhang = book["张伟"]
    assert zhang.org.value == ["华为"] and zhang.title.value == "采购总监"
    phones = {tel.value: tel.params.get("TYPE") for tel in zhang.contents["tel"]}
    assert phones == {"138 0013 8000": ["CELL"], "0755-2878 0808": ["WORK", "VOICE"]}
    assert zhang.note.value == "客户等级 A · 重点发展 · 关系 3 好朋友"
    assert zhang.photo.value == b"\xff\xd8\xff\xe0jpeg"
    assert [tel.value for tel in book["王芳"].contents["tel"]] == ["021-5555 6666"]


def test_a_lunar_birthday_falls_on_its_solar_days_with_its_alarm_at_the_lead_time(served):
    server, store, ids = served
    found = events(server)
    born = Birthday.from_storage("lunar:--08-15")
    lead = store.agenda.birthday_setting()[1]
    for lunar_year in (2027, 2028):
        event = found[f"clientbook-birthday-{ids['李娜']}-{lunar_year}@clientbook"]
        day = event["dtstart"].dt
        assert day == birthday_in_year(born, lunar_year)
        assert solar_to_lunar(day)[1:3] == (8, 15)
        [alarm] = event.subcomponents
        assert alarm["trigger"].dt == timedelta(hours=9) - timedelta(days=lead)   # 09:00, `lead` days before
    followup = found[f"clientbook-followup-{ids['followup']}@clientbook"]
    assert followup["dtstart"].dt == datetime(2026, 11, 27, 14, 30)
    assert followup.subcomponents[0]["trigger"].dt == timedelta(0)                # at its due time


def test_a_wrong_password_is_refused(served):
    server, _store, _ids = served
    assert requests.request("PROPFIND", server.url, auth=(USER, "wrong"), timeout=10).status_code == 401


def test_the_phone_cannot_write_and_the_book_is_unchanged(served):
    server, store, _ids = served
    before = sorted(cards(server))
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:from-phone\r\nFN:手机上加的\r\nEND:VCARD\r\n"
    put = requests.put(server.url + "contacts/from-phone.vcf", data=card.encode(), auth=(USER, PASSWORD),
                       headers={"Content-Type": "text/vcard"}, timeout=10)
    assert put.status_code == 403
    gone = requests.delete(server.url + "contacts/contact-1.vcf", auth=(USER, PASSWORD), timeout=10)
    assert gone.status_code == 403
    assert sorted(cards(server)) == before
    assert sorted(c.name for c in store.contacts.search_contacts()) == ["张伟", "李娜", "王芳"]


def test_a_contact_archived_in_the_book_leaves_the_address_book_within_seconds(served):
    server, store, ids = served
    store.contacts.archive_contact(ids["王芳"], NOW)
    deadline = time.monotonic() + 10
    while "王芳" in cards(server):
        assert time.monotonic() < deadline, "the archive never reached the address book"
        time.sleep(0.2)
    assert sorted(cards(server)) == ["张伟", "李娜"]

"""`clientbook serve`: the book on the phone over CardDAV and CalDAV, served by Radicale in this
process. The collections live in Radicale's own storage in the data folder (phone/collections),
rewritten from the book at the start and whenever the book changes (Store.change_token, as the
TUI's watcher reads it); the phone may read them, never write (domain/phone.py RIGHTS).

The password: one user, its password hashed with sha512-crypt (passlib, which Radicale itself
requires: no native module) in phone/users, 0600. Radicale, passlib and vobject are imported
only here, by `serve`.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from clientbook import paths
from clientbook.domain.phone import (CALENDAR, CALENDAR_YEARS, CONTACTS, RIGHTS, card_href, changes, event_objects,
                                     phone_card)
from clientbook.errors import BookError
from clientbook.i18n import t

DEFAULT_PORT = 5232          # Radicale's own
DEFAULT_USER = "rep"
WATCH_SECONDS = 2.0          # how often the book's change token is read while serving


def phone_dir() -> Path:
    return paths.home() / "phone"


def users_file() -> Path:
    return phone_dir() / "users"


# ------------------------------------------------------------------ the password
def set_password(user: str, password: str) -> Path:
    """Store `user`'s password hashed (sha512-crypt), replacing any other: the file's path."""
    from passlib.hash import sha512_crypt

    from clientbook.services.interop import write_private

    if not user or any(c in user for c in ":/\\ \t\r\n") or not password:
        raise BookError("phone.error.bad_account")
    paths.ensure_private_dir(phone_dir())
    write_private(users_file(), f"{user}:{sha512_crypt.hash(password)}\n".encode("utf-8"))
    return users_file()


def account_user() -> str | None:
    """The user the password was set for, or None before `serve --set-password`."""
    try:
        first = users_file().read_text(encoding="utf-8").splitlines()[0]
    except (FileNotFoundError, IndexError):
        return None
    return first.split(":", 1)[0] or None


# ------------------------------------------------------------------ what the book publishes
def published(store, today: date, now: datetime, lang: str) -> dict[str, dict[str, str]]:
    """The collections' objects as the book has them now: {CONTACTS: {href: vCard}, CALENDAR:
    {href: VCALENDAR}}. The events are the .ics export's (services/gifts.ics_events)."""
    from clientbook.domain.vcard import CardValues
    from clientbook.services.gifts import ics_events

    grades = store.interop.company_grades()
    cards = {}
    for contact_id, contact in store.interop.live_contacts():
        cards[card_href(contact_id)] = phone_card(contact_id, CardValues.of(contact), grades.get(contact.company, ""),
                                                  lang)
    events = ics_events(store, today, CALENDAR_YEARS, lang)
    return {CONTACTS: cards, CALENDAR: event_objects(events, lang, now.astimezone())}


def _collection_props(name: str, lang: str) -> dict[str, str]:
    if name == CONTACTS:
        return {"tag": "VADDRESSBOOK", "D:displayname": t("phone.collection.contacts", lang=lang)}
    return {"tag": "VCALENDAR", "D:displayname": t("phone.collection.calendar", lang=lang),
            "C:supported-calendar-component-set": "VEVENT"}


def radicale_configuration(host: str, port: int, cert: Path | None = None, key: Path | None = None):
    """Radicale's configuration: storage and rights in phone/, the users file, TLS when given."""
    from radicale import config

    folder = paths.ensure_private_dir(phone_dir())
    paths.ensure_private_dir(folder / "collections")
    rights = folder / "rights"
    if not rights.exists() or rights.read_text(encoding="utf-8") != RIGHTS:
        from clientbook.services.interop import write_private

        write_private(rights, RIGHTS.encode("utf-8"))
    configuration = config.load()   # Radicale's defaults only: never /etc/radicale or ~/.config/radicale
    settings = {
        "server": {"hosts": f"[{host}]:{port}" if ":" in host else f"{host}:{port}", "ssl": str(bool(cert))},
        # sha512-crypt takes a second to check, by design: a phone's sync makes dozens of requests,
        # so a login checked once is trusted for five minutes (Radicale's login cache).
        "auth": {"type": "htpasswd", "htpasswd_filename": str(users_file()), "htpasswd_encryption": "sha512",
                 "delay": "1", "cache_logins": "True", "cache_successful_logins_expiry": "300"},
        "rights": {"type": "from_file", "file": str(rights)},
        "storage": {"filesystem_folder": str(folder / "collections")},
        "web": {"type": "none"},
    }
    if cert:
        settings["server"].update(certificate=str(cert), key=str(key))
    configuration.update(settings, "clientbook serve")
    return configuration


@dataclass(frozen=True)
class Synced:
    put: int
    deleted: int


class PhoneCollections:
    """The rep's address book and calendar in Radicale's storage, made to match the book."""

    def __init__(self, configuration, user: str, lang: str) -> None:
        from radicale import storage

        self.storage = storage.load(configuration)
        self.user = user
        self.lang = lang

    def sync(self, objects: dict[str, dict[str, str]]) -> Synced:
        """Write what differs (`objects`: published()), delete what the book no longer has."""
        import vobject
        from radicale import item as radicale_item

        put = deleted = 0
        with self.storage.acquire_lock("w", self.user):
            self._ensure(f"/{self.user}/", None)
            for name, wanted in objects.items():
                collection = self._ensure(f"/{self.user}/{name}/", _collection_props(name, self.lang))
                current = {item.href: item.serialize() for item in collection.get_all()}
                todo = changes(current, wanted)
                for href, text in todo.put.items():
                    collection.upload(href, radicale_item.Item(
                        collection_path=collection.path, vobject_item=vobject.readOne(text), text=text))
                for href in todo.delete:
                    collection.delete(href)
                put += len(todo.put)
                deleted += len(todo.delete)
        return Synced(put, deleted)

    def _ensure(self, href: str, props: dict[str, str] | None):
        found = next(iter(self.storage.discover(href)), None)
        if found is None:
            found, _items, _hrefs = self.storage.create_collection(href, props=props)
        elif props and {k: found.get_meta(k) for k in props} != props:
            found.set_meta(props)
        return found


class PhoneServer:
    """Radicale serving the book at host:port, and the watcher keeping its collections current.
    start() returns once both run and the collections match the book; stop() ends both."""

    def __init__(self, book: Path, host: str, port: int, lang: str, *, cert: Path | None = None,
                 key: Path | None = None, clock: Callable[[], datetime] = datetime.now,
                 watch_seconds: float = WATCH_SECONDS) -> None:
        self.book, self.host, self.port, self.lang = book, host, port, lang
        self.clock = clock
        self.watch_seconds = watch_seconds
        self.user = account_user()
        if self.user is None:
            raise BookError("phone.error.no_password")
        self.configuration = radicale_configuration(host, port, cert, key)
        self.scheme = "https" if cert else "http"
        self._stop = threading.Event()
        self._shutdown, self._shutdown_peer = socket.socketpair()
        self._threads: list[threading.Thread] = []
        self.last_sync: Synced | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}/{self.user}/"

    def sync_now(self, store, collections: PhoneCollections) -> Synced:
        now = self.clock()
        self.last_sync = collections.sync(published(store, now.date(), now, self.lang))
        return self.last_sync

    def start(self) -> None:
        import logging

        from clientbook.store import open_store

        # Radicale's own notes (folders made, logins) are not the rep's business; its errors are.
        logging.getLogger("radicale").setLevel(logging.ERROR)

        store = open_store(self.book, reading=True, prepared=True)
        collections = PhoneCollections(self.configuration, self.user, self.lang)
        self.sync_now(store, collections)
        watcher = threading.Thread(target=self._watch, args=(store, collections), name="clientbook-phone-watch",
                                   daemon=True)
        server = threading.Thread(target=self._serve, name="clientbook-phone-serve", daemon=True)
        self._threads = [watcher, server]
        for thread in self._threads:
            thread.start()
        self._wait_until_listening()

    def _serve(self) -> None:
        from radicale import server

        server.serve(self.configuration, self._shutdown)

    def _wait_until_listening(self, seconds: float = 10.0) -> None:
        deadline = datetime.now().timestamp() + seconds
        while datetime.now().timestamp() < deadline:
            if not self._threads[1].is_alive():
                raise BookError("phone.error.cannot_listen", host=self.host, port=self.port)
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5) as probe:
                    if self.scheme == "https":   # a bare connection closed mid-handshake is logged as an error
                        import ssl

                        context = ssl.create_default_context()
                        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
                        context.wrap_socket(probe).close()
                return
            except OSError:
                self._stop.wait(0.05)
        raise BookError("phone.error.cannot_listen", host=self.host, port=self.port)

    def _watch(self, store, collections: PhoneCollections) -> None:
        """Re-publish when the book changes (any process's commit) or the day turns (the events
        ahead start from today)."""
        try:
            token, day = store.change_token(), self.clock().date()
            while not self._stop.wait(self.watch_seconds):
                now_token, now_day = store.change_token(), self.clock().date()
                if (now_token, now_day) != (token, day):
                    token, day = now_token, now_day
                    self.sync_now(store, collections)
        finally:
            store.close()

    def wait(self) -> None:
        """Until the server stops (Ctrl-C in the shell: KeyboardInterrupt reaches the caller)."""
        while self._threads[1].is_alive():
            self._threads[1].join(0.5)

    def stop(self) -> None:
        self._stop.set()
        self._shutdown_peer.close()   # Radicale's serve() returns when its end of the pair closes
        for thread in self._threads:
            thread.join(10)

"""``newstrace serve``: the local web UI over a corpus database (:mod:`newstrace.web`)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Annotated

import typer

from newstrace.cli.app import ERR, EXIT_USAGE, app, fail, opening
from newstrace.cli.options import DEFAULT_DB_PATH, Db


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine (127.0.0.0/8, ::1, ::ffff:127.x, localhost),
    however it is spelt: ``127.1``, ``0x7f.1`` and ``2130706433`` are 127.0.0.1 to the socket layer too, so the
    addresses it resolves to are checked (numeric forms only, no DNS: a name other than localhost is not
    loopback)."""
    name = host.strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        infos = socket.getaddrinfo(name, None, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError):
        return False
    addresses = {ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos}
    return bool(addresses) and all(_loopback(a) for a in addresses)


def _loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (raises OSError when the address is taken or not ours)."""
    family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


@app.command()
def serve(
    db: Db = DEFAULT_DB_PATH,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback exposes the corpus.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")] = 8000,
) -> None:
    """Browse a corpus in a local web UI: stories with their sources side by side, the claims they agree and
    differ on, who said what, the citation graph and timeline; each article with its quotes, figures, dates
    and places highlighted; people and organisations; search; and a JSON API (listed at /docs).

    The database is opened read-only; an ingest may run beside the server and shows up on the next page load.
    The UI works offline and binds to 127.0.0.1 unless told otherwise.
    """
    import uvicorn

    from newstrace.web.app import LOOPBACK_HOSTS, create_app

    loopback = is_loopback(host)
    with opening():
        web = create_app(db, allowed_hosts=[*LOOPBACK_HOSTS, host] if loopback else None)
    try:
        sock = bind(host, port)
    except OSError as e:
        raise fail(f"cannot listen on {host}:{port} ({e.strerror or e}). Pick another port with --port, or stop what "
                   f"is using it.", EXIT_USAGE) from None
    if not loopback:
        ERR.print(f"[yellow]warning:[/yellow] listening on {host}, not on loopback: anyone who can reach this "
                   f"machine can read the corpus {str(db)!r}. Use --host 127.0.0.1 to keep it local.",
                   highlight=False)
    shown = sock.getsockname()
    url_host = f"[{shown[0]}]" if ":" in shown[0] else shown[0]
    typer.echo(f"newstrace: serving {db} at http://{url_host}:{shown[1]}/ (read-only; Ctrl-C to stop)")
    server = uvicorn.Server(uvicorn.Config(web, log_level="warning", access_log=False))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()

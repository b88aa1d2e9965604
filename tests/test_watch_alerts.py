"""Claim-group and story identity across rounds, and the alerts of a diff — on hand-built comparisons."""

from __future__ import annotations

from newstrace.link.results import ArticleRef, Claim, ClaimMember, Comparison, Story
from newstrace.watch import Snapshot, diff, take_snapshot
from newstrace.watch.snapshot import carry_keys


def member(article: str, start: int, text: str, value: float | None = None, outlet: str | None = None) -> ClaimMember:
    return ClaimMember(article=article, text=text, start=start, end=start + len(text), value=value,
                       outlet=outlet or article.upper())


def comparison(articles: list[str], stories: list[list[str]], claims: list[Claim]) -> Comparison:
    """``compare``'s result shape; per-run ids (s1, c1) numbered in list order, as compare does."""
    story_of = {a: f"s{i}" for i, g in enumerate(stories, 1) for a in g}
    for i, c in enumerate(claims, 1):
        c.id = f"c{i}"
        c.story = story_of[c.members[0].article]
    return Comparison(
        articles=[ArticleRef(a, story=story_of[a]) for a in articles],
        stories=[Story(f"s{i}", g, title=f"story of {g[0]}") for i, g in enumerate(stories, 1)],
        claims=claims,
    )


def injured(status: str, *members: ClaimMember) -> Claim:
    return Claim(id="", kind="quantity", subject="crew members injured", status=status,  # type: ignore[arg-type]
                 members=list(members))


A14 = member("a", 8, "At least 14", 14)
B14 = member("b", 82, "14", 14)
C11 = member("c", 144, "11", 11)


def test_keys_are_kind_and_earliest_member_in_ingest_order() -> None:
    # the linker may list members in any order; the key is the member of the earliest-ingested article
    snap = take_snapshot(comparison(["a", "b"], [["a", "b"]], [injured("corroborated", B14, A14)]))
    assert list(snap.claims) == ["quantity:a@8"]
    assert list(snap.stories) == ["story:a"]
    assert snap.claims["quantity:a@8"].story == "story:a"


def test_a_contradicting_figure_is_one_status_change_of_the_same_group() -> None:
    before = take_snapshot(comparison(["a", "b", "x"], [["a", "b"], ["x"]], [
        Claim("", "quantity", "librarians", "single_source", [member("x", 5, "12", 12)]),
        injured("corroborated", A14, B14),
    ]))
    # a new article arrives: per-run ids shift (the injured group is now c1, the story s1 grows)
    after = take_snapshot(comparison(["a", "b", "x", "c"], [["a", "b", "c"], ["x"]], [
        injured("differs", A14, B14, C11),
        Claim("", "quantity", "librarians", "single_source", [member("x", 5, "12", 12)]),
    ]), before)
    assert set(after.claims) == set(before.claims)
    [alert] = diff(before, after)
    assert (alert.kind, alert.key, alert.previous_status, alert.status) == (
        "status_changed", "quantity:a@8", "corroborated", "differs")
    assert [(m.article, m.text) for m in alert.new_members] == [("c", "11")]
    assert alert.story == "story:a" and alert.story_title == "story of a"
    assert alert.line() == (
        'round 0: DIFFERS (was corroborated): crew members injured — A "At least 14"; B "14"; C "11" (new)'
        ' · story "story of a"'
    )


def test_the_first_round_is_one_line_per_story_with_counts() -> None:
    statement = Claim("", "statement", "the fire began in the engine room", "corroborated", [
        member("a", 120, "the fire began in the engine room"), member("b", 30, "the blaze started in the engine room")])
    alerts = diff(Snapshot(), take_snapshot(comparison(["a", "b", "x"], [["a", "b"], ["x"]], [
        injured("differs", A14, member("b", 82, "11", 11)), statement,
        Claim("", "quantity", "librarians", "single_source", [member("x", 5, "12", 12)])])))
    assert [(a.kind, a.key) for a in alerts] == [("new_story", "story:a"), ("new_story", "story:x")]
    assert alerts[0].counts == {"articles": 2, "outlets": 0, "figure_groups": 1, "statement_groups": 1,
                                "differs": 1, "updated": 0, "corroborated": 1}
    assert alerts[0].line() == (
        'round 0: new story "story of a" (2 articles; 1 figure group, 1 statement group; 1 differs, 1 corroborated)')
    assert alerts[1].line() == 'round 0: new story "story of x" (1 article; 1 figure group)'
    assert alerts[0].to_dict()["counts"]["differs"] == 1


def test_a_later_new_story_is_one_line_and_new_groups_of_known_stories_are_alerts() -> None:
    before = take_snapshot(comparison(["a"], [["a"]], [injured("single_source", A14)]))
    after = take_snapshot(comparison(["a", "x"], [["a"], ["x"]], [
        injured("single_source", A14), Claim("", "statement", "crew evacuated", "single_source",
                                            [member("a", 60, "the crew was evacuated")]),
        Claim("", "quantity", "librarians", "single_source", [member("x", 5, "12", 12)]),
    ]), before)
    assert [(a.kind, a.key) for a in diff(before, after)] == [("new_story", "story:x"),
                                                              ("new_claim", "statement:a@60")]


def test_no_change_no_alert_and_growth_alone_is_not_an_alert() -> None:
    one = take_snapshot(comparison(["a", "b"], [["a", "b"]], [injured("corroborated", A14, B14)]))
    same = take_snapshot(comparison(["a", "b"], [["a", "b"]], [injured("corroborated", A14, B14)]), one)
    assert diff(one, same) == []
    d14 = member("d", 3, "14", 14)
    grown = take_snapshot(
        comparison(["a", "b", "d"], [["a", "b", "d"]], [injured("corroborated", A14, B14, d14)]), one)
    assert diff(one, grown) == []


def test_a_group_whose_earliest_member_moved_keeps_its_key() -> None:
    before = take_snapshot(comparison(["a", "b"], [["a", "b"]], [injured("corroborated", A14, B14)]))
    # article a was reanalyzed and its figure now starts elsewhere: the group is known by what it shares
    a14_moved = member("a", 10, "At least 14", 14)
    after = take_snapshot(comparison(["a", "b", "c"], [["a", "b", "c"]], [injured("differs", a14_moved, B14, C11)]),
                          before)
    assert list(after.claims) == ["quantity:a@8"]
    [alert] = diff(before, after)
    assert (alert.kind, alert.previous_status, alert.status) == ("status_changed", "corroborated", "differs")
    assert [m.article for m in alert.new_members] == ["a", "c"]  # a's figure at its new offset counts as new


def test_a_split_group_keeps_its_key_where_its_earliest_member_went() -> None:
    d14 = member("d", 3, "14", 14)
    before = take_snapshot(comparison(["a", "b", "d"], [["a", "b", "d"]], [injured("corroborated", A14, B14, d14)]))
    after = take_snapshot(comparison(["a", "b", "d"], [["a", "b", "d"]], [
        injured("corroborated", A14, B14), Claim("", "quantity", "crew members", "single_source", [d14]),
    ]), before)
    assert set(after.claims) == {"quantity:a@8", "quantity:d@3"}
    assert [(a.kind, a.key) for a in diff(before, after)] == [("new_claim", "quantity:d@3")]


def test_carry_keys_inherits_the_most_overlapping_unclaimed_key() -> None:
    previous = {"quantity:a@1": {1, 2, 3}, "quantity:x@9": {7}}
    assert carry_keys([("quantity:b@2", {2, 3, 4}), ("quantity:z@1", {8})], previous) == [
        "quantity:a@1", "quantity:z@1"]
    # never across kinds, never a key twice
    assert carry_keys([("statement:b@2", {2})], previous) == ["statement:b@2"]
    assert carry_keys([("quantity:a@1", {1}), ("quantity:b@2", {2, 3})], previous) == ["quantity:a@1", "quantity:b@2"]


def test_merged_stories_keep_the_older_key() -> None:
    before = take_snapshot(comparison(["a", "b"], [["a"], ["b"]], []))
    after = take_snapshot(comparison(["a", "b", "c"], [["a", "b", "c"]], []), before)
    assert list(after.stories) == ["story:a"]
    assert diff(before, after) == []


def dated(article: str, start: int, text: str, value: float, date: str, disputed: bool = False) -> ClaimMember:
    m = member(article, start, text, value)
    m.date, m.disputed = date, disputed
    return m


def deaths(status: str, *members: ClaimMember, scope: str | None = None) -> Claim:
    return Claim(id="", kind="quantity", subject="people killed", status=status,  # type: ignore[arg-type]
                 members=list(members), measure="deaths", scope=scope)


def test_a_measure_keeps_its_key_when_the_linker_regroups_its_figures() -> None:
    a, b = dated("a", 10, "180", 180, "2026-02-10"), dated("b", 20, "296", 296, "2026-02-11")
    before = take_snapshot(comparison(["a", "b"], [["a", "b"]], [deaths("updated", a, b)]))
    assert list(before.claims) == ["measure:story:a|deaths||||"]
    # the earliest member left the group (reanalysed): same measure, same key, no alert
    after = take_snapshot(comparison(["a", "b"], [["a", "b"]], [
        deaths("updated", b, dated("b", 40, "300", 296, "2026-02-11"))]), before)
    assert list(after.claims) == list(before.claims)
    assert diff(before, after) == []
    # another scope is another measure
    other = take_snapshot(comparison(["a", "b"], [["a", "b"]], [
        deaths("updated", a, b), deaths("single_source", dated("b", 60, "262", 262, "2026-02-11"), scope="Dervan")]))
    assert set(other.claims) == {"measure:story:a|deaths||||", "measure:story:a|deaths|dervan|||"}


def test_a_new_dispute_and_a_new_update_of_a_measure_alert_once() -> None:
    a = dated("a", 10, "3,200", 3200, "2026-09-12", True)
    b = dated("b", 10, "9,800", 9800, "2026-09-12", True)
    before = take_snapshot(comparison(["a", "b"], [["a", "b"]], [deaths("differs", a, b)]))
    c = dated("c", 10, "12,000", 12000, "2026-09-12", True)
    after = take_snapshot(comparison(["a", "b", "c"], [["a", "b", "c"]], [deaths("differs", a, b, c)]), before)
    [alert] = diff(before, after)
    assert (alert.kind, [m.text for m in alert.new_members]) == ("new_dispute", ["12,000"])
    assert "NEW DISPUTE" in alert.line()
    # a figure that agrees with a side of the dispute is no new dispute
    d = dated("d", 10, "3,200", 3200, "2026-09-12")
    assert diff(after, take_snapshot(comparison(["a", "b", "c", "d"], [["a", "b", "c", "d"]],
                                                [deaths("differs", a, b, c, d)]), after)) == []

    x, y = dated("x", 5, "180", 180, "2026-02-10"), dated("y", 5, "410", 410, "2026-02-11")
    first = take_snapshot(comparison(["x", "y"], [["x", "y"]], [deaths("updated", x, y)]))
    z = dated("z", 5, "1,020", 1020, "2026-02-13")
    later = take_snapshot(comparison(["x", "y", "z"], [["x", "y", "z"]], [deaths("updated", x, y, z)]), first)
    [update] = diff(first, later)
    assert (update.kind, [m.text for m in update.new_members]) == ("new_update", ["1,020"])
    # an outlet repeating an earlier value is no new update
    w = dated("w", 5, "410", 410, "2026-02-11")
    assert diff(later, take_snapshot(comparison(["x", "y", "z", "w"], [["x", "y", "z", "w"]],
                                                [deaths("updated", x, y, z, w)]), later)) == []

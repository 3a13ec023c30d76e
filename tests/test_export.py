"""The dossier.json export: documented keys, ISO dates, stable bytes."""
from __future__ import annotations

import json

from site_builder.export import dossier_json
from site_builder.registry import Registry

from helpers import dossier_of

DOCS = {
    "seeds/a.txt": "Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025 giữa Bộ trưởng Nguyễn Hồng Diên và ông Jamieson Greer.",
    "seeds/b.txt": " date 2025-05-25 Tin về Lockheed Martin\n\nVới Lockheed Martin: hợp tác.",
}


def test_keys_and_dates(registry):
    data = json.loads(dossier_json(dossier_of(DOCS, registry)))
    article = data["articles"][0]
    for key in ("id", "slug", "source_file", "title", "title_derived", "date", "date_source", "event_dates",
                "round", "people", "organizations", "quotes", "url"):
        assert key in article
    assert article["event_dates"][0] == {"start": "2025-05-19", "end": "2025-05-22", "text": "19–22/5/2025",
                                         "year_inferred": False, "year_from": None, "month_day": "--05-19"}
    round_ = next(r for r in data["rounds"] if r["id"] == "vong-2")
    assert {k: round_[k] for k in ("id", "kind", "number", "start", "end", "url")} == {
        "id": "vong-2", "kind": "round", "number": 2, "start": "2025-05-19", "end": "2025-05-22",
        "url": "vong-dam-phan/vong-2.html"}
    assert set(round_["articles"]) == {a["id"] for a in data["articles"]}
    person = next(p for p in data["people"] if p["id"] == "jamieson-greer")
    assert person["side"] == "Hoa Kỳ" and person["url"] == "nhan-vat/jamieson-greer.html"
    assert data["organizations"][0]["name"] == "Lockheed Martin"


def test_same_input_same_bytes():
    assert dossier_json(dossier_of(DOCS, Registry())) == dossier_json(dossier_of(DOCS, Registry()))


def test_an_export_after_a_change_reuses_nothing_stale(registry):
    first = dossier_of(DOCS, registry)
    before = dossier_json(first)
    changed = {**DOCS, "seeds/b.txt": DOCS["seeds/b.txt"].replace("Tin về", "Hai bên ký với")}
    second = dossier_of(changed, registry, previous=first)
    assert second.articles[0] is first.articles[0], "the unchanged article is the previous object"
    after = dossier_json(second)
    assert after != before and "Hai bên" not in before.decode()
    assert after == dossier_json(dossier_of(changed, registry)), "as if built afresh"
    assert dossier_json(first) == before


def test_topics_and_figures_in_the_export():
    from site_builder.registry import TopicEntry

    registry = Registry(topics=(TopicEntry("tariff", "Thuế quan", "Tariffs", signals=("thuế đối ứng",)),
                                TopicEntry("agriculture", "Nông nghiệp", "Agriculture", signals=("nông sản",))))
    dossier = dossier_of({"seeds/a.txt": " date 2025-08-07 Thuế mới\nMỹ áp thuế đối ứng 20% từ ngày 7/8/2025. "
                                         "Hai bên bàn tiếp về thuế đối ứng.\n"}, registry)
    data = json.loads(dossier_json(dossier))
    [a] = data["articles"]
    assert a["topics"] == ["tariff"]
    assert a["figures"] == [{"kind": "percent", "value": 20, "unit": "%", "text": "20%", "qualifier": "thuế đối ứng",
                             "topic": "tariff", "paragraph": 0,
                             "sentence": "Mỹ áp thuế đối ứng 20% từ ngày 7/8/2025.", "sentence_offset": 0, "offset": 19}]
    assert data["topics"] == [
        {"id": "tariff", "name": "Thuế quan", "name_en": "Tariffs", "articles": [a["id"]], "url": "chu-de/tariff.html"},
        {"id": "agriculture", "name": "Nông nghiệp", "name_en": "Agriculture", "articles": [], "url": "chu-de/agriculture.html"},
    ]
    figure = a["figures"][0]
    assert figure["sentence"][figure["offset"]:].startswith(figure["text"])

"""Stage 3, organizations: the known ones named in an article."""
from __future__ import annotations

from helpers import parse


class TestOrganizations:
    def test_organizations(self, lexicon):
        text = "Với Lockheed Martin, SpaceX và Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam (Petrovietnam)."
        assert parse(text, lexicon).facts.organizations == ("Lockheed Martin", "SpaceX", "Petrovietnam")

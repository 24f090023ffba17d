ABUSE_REGIONS = ("GB", "US", "AU", "CA", "IE", "NZ")


@pytest.mark.parametrize("region", ABUSE_REGIONS)
def test_the_child_or_someone_at_risk_outcome_shows_abuse_and_child_protection_lines(cli, region):
    ran = cli("check", "--no-policy", "--format", "json", "--region", region,
              "-a", "danger=other_at_risk")
    kinds = [line["kind"] for line in json.loads(ran.stdout)["resources"]["lines"]]
    assert "domestic_abuse" in kinds and "child_protection" in kinds
    assert kinds[0] == "emergency"



from django.core.management import call_command


def test_openapi_schema_is_valid_and_names_the_contract_paths(tmp_path, db):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/regions/:",
        "/api/regions/{code}/:",
        "/api/regions/geojson/:",
        "/api/auth/token/:",
        "/api/recommendations/:",
    ):
        assert path in text, path

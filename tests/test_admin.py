"""The admin reindex action: refused without the configured secret, and runs one reindex in the background."""

import time

import pytest

from web import create_app

SECRET = "s3cret-for-tests"


@pytest.fixture
def admin_client(app):
    """Return a client of the web app with an admin secret configured."""
    app.config["ARCHIVE_ADMIN_SECRET"] = SECRET
    return app.test_client()


def wait_until_finished(client, timeout=60):
    """Return the admin status once the background reindex has finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get("/admin/reindex.json").get_json()
        if status["state"] != "running":
            return status
        time.sleep(0.05)
    raise AssertionError("the reindex did not finish")


def started(app):
    """Tell whether a reindex job was ever started in ``app``."""
    job = app.extensions.get("reindex_job")
    return job is not None and job.started is not None


def test_no_secret_configured_refuses_everything(app, client):
    assert app.config["ARCHIVE_ADMIN_SECRET"] is None
    assert client.post("/admin/reindex", headers={"Authorization": "Bearer "}).status_code == 403
    assert client.post("/admin/reindex", data={"secret": ""}).status_code == 403
    assert client.get("/admin/reindex").status_code == 403
    assert client.get("/admin/reindex.json").status_code == 403
    assert not started(app)


@pytest.mark.parametrize("headers, data", [
    ({}, {}),
    ({"Authorization": "Bearer wrong"}, {}),
    ({"Authorization": f"Basic {SECRET}"}, {}),
    ({}, {"secret": SECRET + "x"}),
    ({"Authorization": f"Bearer {SECRET[:-1]}"}, {}),
])
def test_missing_or_wrong_secret_is_refused_and_nothing_runs(app, admin_client, headers, data):
    assert admin_client.post("/admin/reindex", headers=headers, data=data).status_code == 403
    assert not started(app)


def test_get_never_starts_a_reindex(app, admin_client):
    response = admin_client.get(f"/admin/reindex?secret={SECRET}", headers={"Authorization": f"Bearer {SECRET}"})
    assert response.status_code == 200
    assert not started(app)


def test_bearer_secret_starts_a_reindex_that_finds_new_files(admin_client, source_dir):
    (source_dir / "moi.txt").write_text(
        "Khánh thành cầu Rồng mới bắc qua sông Hàn\nThứ hai, 02/09/2019, 09:30\n"
        "Sáng 2/9, thành phố khánh thành cây cầu mới.\nĐoạn hai.\n", encoding="utf-8")
    response = admin_client.post("/admin/reindex", headers={"Authorization": f"Bearer {SECRET}"})
    assert response.status_code == 202
    status = wait_until_finished(admin_client)
    assert (status["state"], status["result"]["added"], status["error"]) == ("done", 1, None)
    hits = admin_client.get("/api/search?q=cau rong moi").get_json()["hits"]
    assert [hit["path"] for hit in hits][:1] == ["moi.txt"]
    page = admin_client.get("/admin/reindex").get_data(as_text=True)
    assert "1 added" in page


def test_form_secret_starts_a_full_rebuild_and_redirects_to_the_status(admin_client):
    response = admin_client.post("/admin/reindex", data={"secret": SECRET, "full": "1"})
    assert (response.status_code, response.headers["Location"]) == (303, "/admin/reindex")
    status = wait_until_finished(admin_client)
    assert (status["state"], status["full"], status["result"]["indexed"]) == ("done", True, 7)


def test_secret_from_the_environment_has_no_default(monkeypatch, index_dir):
    monkeypatch.delenv("ARCHIVE_ADMIN_SECRET", raising=False)
    assert create_app({"ARCHIVE_INDEX_DIR": str(index_dir)}).config["ARCHIVE_ADMIN_SECRET"] is None
    monkeypatch.setenv("ARCHIVE_ADMIN_SECRET", "from-env")
    client = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir)}).test_client()
    assert client.post("/admin/reindex", headers={"Authorization": "Bearer wrong"}).status_code == 403

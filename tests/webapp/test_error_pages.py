"""Error pages look like the rest of the app."""

from webapp import create_app


def test_unexpected_error__renders_the_500_page_and_logs(tmp_path, caplog):
    app = create_app({"ENVIRONMENT": "test", "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "An unexpected error occurred" in response.text
    assert "navbar" in response.text
    assert "kaboom" not in response.text
    assert "kaboom" in caplog.text


def test_unknown_page__renders_the_404_page(login_as):
    response = login_as("frank").get("/no/such/page")
    assert response.status_code == 404
    assert "Back to Home" in response.text

"""Calling the JSON API as a user, with HTTP Basic."""

from base64 import b64encode


def basic(username: str, password: str = "demo") -> dict[str, str]:
    """The Authorization header for `username`."""
    token = b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


class Api:
    """A test client speaking JSON as one user."""

    def __init__(self, client, username: str) -> None:
        self.client, self.headers = client, basic(username)

    def get(self, url: str):
        return self.client.get(f"/api{url}", headers=self.headers)

    def post(self, url: str, body: dict | None = None):
        return self.client.post(f"/api{url}", json=body or {}, headers=self.headers)

    def patch(self, url: str, body: dict):
        return self.client.patch(f"/api{url}", json=body, headers=self.headers)
